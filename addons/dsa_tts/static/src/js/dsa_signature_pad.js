/* Signature pad of the intervention report (portal), on the jSignature library
 * that Odoo ships in web/static/lib/jSignature (the portal's frontend assets
 * load it, as for quotations). On submit, the drawing goes as a base64 PNG
 * data URI into the form's hidden "signature" field. */
(function () {
    'use strict';

    function setup(form) {
        var $form = $(form);
        var $pad = $form.find('.o_dsa_signature_pad');
        var $field = $form.find('.o_dsa_signature_data');
        var $missing = $form.find('.o_dsa_signature_missing');
        if (!$pad.length || !$field.length || !$.fn.jSignature) {
            return;
        }
        $pad.jSignature({
            'decor-color': '#D1D0CE',
            'color': '#000',
            'background-color': '#fff',
            'height': 150,
            'width': '100%'
        });
        $form.find('.o_dsa_signature_clear').on('click', function (ev) {
            ev.preventDefault();
            $pad.jSignature('reset');
        });
        $form.on('submit', function (ev) {
            var strokes = $pad.jSignature('getData', 'native') || [];
            if (!strokes.length) {
                ev.preventDefault();
                $missing.removeClass('hidden');
                return;
            }
            var image = $pad.jSignature('getData', 'image');  // ['image/png;base64', data]
            $field.val('data:' + image[0] + ',' + image[1]);
        });
    }

    $(function () {
        $('form.o_dsa_sign_form').each(function () {
            setup(this);
        });
    });
})();
