/* Signature pad of the intervention report (portal).
 * Draws on the canvas with mouse, pen or finger, and puts the drawing as a
 * base64 PNG into the form's hidden "signature" field when the form is sent.
 * No dependency besides the browser. */
(function () {
    'use strict';

    function setup(form) {
        var canvas = form.querySelector('.o_dsa_signature_pad');
        var field = form.querySelector('.o_dsa_signature_data');
        if (!canvas || !field) {
            return;
        }
        var ctx = canvas.getContext('2d');
        var drawing = false;
        var drawn = false;
        ctx.lineWidth = 2;
        ctx.lineCap = 'round';
        ctx.strokeStyle = '#000';

        function point(ev) {
            var rect = canvas.getBoundingClientRect();
            var src = ev.touches ? ev.touches[0] : ev;
            return {
                x: (src.clientX - rect.left) * canvas.width / rect.width,
                y: (src.clientY - rect.top) * canvas.height / rect.height
            };
        }
        function start(ev) {
            drawing = true;
            var p = point(ev);
            ctx.beginPath();
            ctx.moveTo(p.x, p.y);
            ev.preventDefault();
        }
        function move(ev) {
            if (!drawing) {
                return;
            }
            var p = point(ev);
            ctx.lineTo(p.x, p.y);
            ctx.stroke();
            drawn = true;
            ev.preventDefault();
        }
        function stop() {
            drawing = false;
        }
        canvas.addEventListener('mousedown', start);
        canvas.addEventListener('mousemove', move);
        window.addEventListener('mouseup', stop);
        canvas.addEventListener('touchstart', start);
        canvas.addEventListener('touchmove', move);
        canvas.addEventListener('touchend', stop);

        var clear = form.querySelector('.o_dsa_signature_clear');
        if (clear) {
            clear.addEventListener('click', function (ev) {
                ev.preventDefault();
                ctx.clearRect(0, 0, canvas.width, canvas.height);
                drawn = false;
            });
        }
        form.addEventListener('submit', function (ev) {
            if (!drawn) {
                ev.preventDefault();
                canvas.style.borderColor = '#a94442';
                return;
            }
            field.value = canvas.toDataURL('image/png');
        });
    }

    function init() {
        var forms = document.querySelectorAll('form.o_dsa_sign_form');
        for (var i = 0; i < forms.length; i++) {
            setup(forms[i]);
        }
    }
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
})();
