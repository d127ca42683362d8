/* The technician's field app (issue 25): plain JavaScript, no framework, no
 * build step. It talks to the JSON API of dsa_tts (controllers/field_api.py:
 * /field/api/day, products, access_key, sync; controllers/field_sign.py:
 * /field/api/sign/request and confirm), all JSON-RPC with the session cookie.
 *
 * Data lives in IndexedDB: the last /field/api/day answer ("day"), the queue
 * of operations ("ops", in order), the operations the server refused
 * ("refused"), running timers and pending code requests. What the screen
 * shows is the server's copy with the queued operations applied on top
 * (optimistic): after a sync the server's payloads replace the cached ones
 * and the operations still queued are applied again, so nothing is counted
 * twice. Each operation has its own random id until the server answered it:
 * sending it twice changes nothing. */
(function () {
    'use strict';

    var BOOT = JSON.parse(document.getElementById('f-boot').textContent);
    var L = BOOT.labels;
    var LOCALE = (BOOT.lang || 'en_US').replace('_', '-');
    var DB_NAME = 'dsa-field-' + BOOT.uid;
    var BATCH = 100;
    var SYNC_EVERY_MS = 30000;
    var PHOTO_MAX_SIDE = 1600;

    var state = {
        day: null,          // last /field/api/day answer (server's copy)
        ops: [],            // queued operations: [{seq, op, display}]
        refused: [],        // [{op, display, message, at}]
        timers: {},         // task id -> {started_at}
        requests: {},       // task id -> {request_id, sent_to, expires_at}
        keys: {},           // component id -> revealed key (memory only)
        lastSync: null,
        syncing: null,      // the promise of the sync under way
        material: {},       // the material form being filled: task id -> {...}
        configDate: {},     // task id -> date of the configuration shown
        made: 0             // operations made since the page was opened
    };
    var db = null;

    /* ---------- small helpers ---------- */

    function esc(value) {
        return String(value === null || value === undefined || value === false ? '' : value)
            .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    }

    function randomId() {
        var bytes = new Uint8Array(16);
        crypto.getRandomValues(bytes);
        return Array.prototype.map.call(bytes, function (b) {
            return ('0' + b.toString(16)).slice(-2);
        }).join('');
    }

    function utcString(date) {
        return (date || new Date()).toISOString().slice(0, 19).replace('T', ' ');
    }

    function parseUtc(text) {
        return text ? new Date(text.replace(' ', 'T') + 'Z') : null;
    }

    function pad2(n) {
        return (n < 10 ? '0' : '') + n;
    }

    function localDay(date) {
        return date.getFullYear() + '-' + pad2(date.getMonth() + 1) + '-' + pad2(date.getDate());
    }

    function fmtTime(date) {
        return date ? date.toLocaleTimeString(LOCALE, {hour: '2-digit', minute: '2-digit'}) : '';
    }

    function fmtDate(date) {
        return date ? date.toLocaleDateString(LOCALE, {weekday: 'short', day: 'numeric', month: 'short'}) : '';
    }

    function fmtDay(text) {
        // a date 'YYYY-MM-DD' shown in the user's language, without time zone shifts
        if (!text) {
            return '';
        }
        var parts = text.split('-');
        return new Date(+parts[0], +parts[1] - 1, +parts[2]).toLocaleDateString(
            LOCALE, {day: '2-digit', month: '2-digit', year: '2-digit'});
    }

    function fmtHours(hours) {
        var minutes = Math.round((hours || 0) * 60);
        return Math.floor(minutes / 60) + ':' + pad2(minutes % 60);
    }

    function fmtQty(qty) {
        return (+qty || 0).toLocaleString(LOCALE, {maximumFractionDigits: 3});
    }

    function clone(value) {
        return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
    }

    function online() {
        return navigator.onLine !== false;
    }

    var toastTimer = null;
    function toast(text, isError, html) {
        var box = document.getElementById('f-toast');
        if (html) {
            box.innerHTML = html;
        } else {
            box.textContent = text;
        }
        box.className = 'f-toast' + (isError ? ' f-error' : '');
        box.hidden = false;
        clearTimeout(toastTimer);
        toastTimer = setTimeout(function () { box.hidden = true; }, isError ? 8000 : 3500);
    }

    /* ---------- IndexedDB ---------- */

    function openDb() {
        return new Promise(function (resolve, reject) {
            var request = indexedDB.open(DB_NAME, 1);
            request.onupgradeneeded = function () {
                var base = request.result;
                base.createObjectStore('kv', {keyPath: 'k'});
                base.createObjectStore('ops', {keyPath: 'seq', autoIncrement: true});
            };
            request.onsuccess = function () { resolve(request.result); };
            request.onerror = function () { reject(request.error); };
        });
    }

    function tx(store, mode, work) {
        return new Promise(function (resolve, reject) {
            var t = db.transaction(store, mode);
            var result = work(t.objectStore(store));
            t.oncomplete = function () { resolve(result && 'result' in result ? result.result : result); };
            t.onerror = function () { reject(t.error); };
            t.onabort = function () { reject(t.error); };
        });
    }

    function kvGet(key) {
        return tx('kv', 'readonly', function (s) { return s.get(key); }).then(function (row) {
            return row ? row.v : undefined;
        });
    }

    function kvPut(key, value) {
        return tx('kv', 'readwrite', function (s) { s.put({k: key, v: value}); });
    }

    function opsAll() {
        return tx('ops', 'readonly', function (s) { return s.getAll(); });
    }

    function opsAdd(record) {
        return tx('ops', 'readwrite', function (s) { return s.add(record); });
    }

    function opsDelete(seqs) {
        return tx('ops', 'readwrite', function (s) {
            seqs.forEach(function (seq) { s.delete(seq); });
        });
    }

    /* ---------- the server ---------- */

    function RpcError(message, name, expired) {
        this.message = message;
        this.name = name || 'RpcError';
        this.expired = !!expired;
        this.network = false;
    }

    function rpc(url, params) {
        return fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: params || {},
                                  id: Math.floor(Math.random() * 1e9)})
        }).catch(function () {
            var err = new RpcError(L.network_error);
            err.network = true;
            throw err;
        }).then(function (response) {
            if (!response.ok) {
                var err = new RpcError(L.server_error + ' (HTTP ' + response.status + ')');
                err.network = response.status >= 500 || response.status === 0;
                throw err;
            }
            return response.json();
        }).then(function (body) {
            if (body.error) {
                var data = body.error.data || {};
                var expired = body.error.code === 100 || /SessionExpired/.test(data.name || '');
                throw new RpcError(expired ? L.session_expired : (data.message || body.error.message),
                                   data.name, expired);
            }
            return body.result;
        });
    }

    function showError(err) {
        if (err && err.expired) {
            toast('', true, esc(L.session_expired) + ' <a style="color:#fff" href="/web/login?redirect=/field">' +
                  esc(L.login) + '</a>');
        } else {
            toast((err && err.message) || L.server_error, true);
        }
    }

    /* ---------- the local copy: server payload + queued operations ---------- */

    function interventions() {
        var list = clone((state.day && state.day.interventions) || []);
        var byId = {};
        list.forEach(function (task) {
            task.local_notes = [];
            byId[task.id] = task;
        });
        state.ops.forEach(function (record) {
            var task = byId[record.op.task_id];
            if (task) {
                applyOp(task, record);
            }
        });
        return list;
    }

    function findTask(id) {
        return interventions().filter(function (t) { return t.id === id; })[0];
    }

    function applyOp(task, record) {
        var op = record.op, data = op.data, display = record.display || {};
        task.pending = (task.pending || 0) + 1;
        switch (op.type) {
        case 'work_stop':
            task.timesheets.push({
                id: 'op-' + op.id, local: true, date: localDay(parseUtc(data.started_at)),
                name: data.description, user: BOOT.user,
                hours: (parseUtc(data.stopped_at) - parseUtc(data.started_at)) / 3600000});
            break;
        case 'activity':
            task.work_report = (task.work_report ? task.work_report + '\n' : '') + data.text;
            break;
        case 'material':
            task.materials.push({
                id: 'op-' + op.id, local: true, action: data.action, action_label: L[data.action],
                product_id: data.product_id, product: display.product, quantity: data.quantity,
                uom: display.uom || '', component_id: data.component_id || false,
                component: display.component || '', serial: data.serial || ''});
            break;
        case 'material_delete':
            task.materials = task.materials.filter(function (m) { return m.id !== data.material_id; });
            break;
        case 'photo':
            task.photos.push({id: 'op-' + op.id, local: true, name: data.name,
                              url: 'data:' + data.mimetype + ';base64,' + data.data});
            break;
        case 'note':
            task.local_notes.push(data.text);
            break;
        case 'close':
            task.state = 'done';
            task.state_label = L.done_state;
            task.overdue = false;
            break;
        case 'sign':
            task.report_state = 'signed';
            task.sign_mode = 'onsite_unconfirmed';
            task.signed_by = data.signer;
            task.signable = false;
            task.sign_pending = true;
            break;
        }
    }

    function isSigned(task) {
        return task.report_state === 'signed';
    }

    function queuedCount() {
        return state.ops.length;
    }

    function queueOp(type, taskId, data, display) {
        var record = {op: {id: randomId(), type: type, task_id: taskId, at: utcString(), data: data || {}},
                      display: display || {}};
        // the intervention's name stays with the op: a refusal names it even
        // when the intervention has left the technician's list
        var task = state.day && state.day.interventions.filter(function (t) { return t.id === taskId; })[0];
        record.display.task = task ? task.name : '';
        return opsAdd(record).then(function (seq) {
            record.seq = seq;
            state.ops.push(record);
            state.made += 1;
            toast(online() ? L.sent_ok : L.queued_ok);
            render(true);
            if (online()) {
                sync(false);
            }
            return record;
        });
    }

    function replaceInterventions(payloads) {
        if (!payloads || !payloads.length || !state.day) {
            return;
        }
        var list = state.day.interventions;
        payloads.forEach(function (payload) {
            if (!payload || !payload.id) {
                return;
            }
            var index = list.findIndex(function (t) { return t.id === payload.id; });
            if (index >= 0) {
                list[index] = payload;
            } else {
                list.push(payload);
            }
        });
    }

    function keepPhotos(day) {
        // fetched once online, through the service worker, which keeps them
        // for offline use (one at a time, in the background)
        if (!navigator.serviceWorker || !navigator.serviceWorker.controller) {
            return;
        }
        var urls = [];
        (day.interventions || []).forEach(function (task) {
            (task.photos || []).forEach(function (photo) {
                if (photo.url && photo.url.indexOf('/web/image/') === 0 && urls.indexOf(photo.url) < 0) {
                    urls.push(photo.url);
                }
            });
        });
        urls.slice(0, 100).reduce(function (chain, url) {
            return chain.then(function () {
                return fetch(url, {credentials: 'same-origin'}).catch(function () { return null; });
            });
        }, Promise.resolve());
    }

    /* ---------- sync ---------- */

    function sync(full) {
        if (state.syncing) {
            return state.syncing.then(function () { return full ? sync(full) : null; });
        }
        if (!online()) {
            renderChrome();
            return Promise.resolve(false);
        }
        state.syncing = syncQueue().then(function (applied) {
            // the plants (components) change with the materials: a fresh day then
            if (!full && !applied) {
                return null;
            }
            return rpc('/field/api/day', {days: 7}).then(function (day) {
                state.day = day;
                keepPhotos(day);
                return kvPut('day', day);
            });
        }).then(function () {
            state.lastSync = new Date().toISOString();
            kvPut('last_sync', state.lastSync);
            return true;
        }).catch(function (err) {
            showError(err);
            return false;
        }).then(function (ok) {
            state.syncing = null;
            render(true);
            return ok;
        });
        renderChrome();
        return state.syncing;
    }

    function syncQueue(applied) {
        // resolves to true when the server applied at least one operation
        if (!state.ops.length || !online()) {
            return Promise.resolve(!!applied);
        }
        var batch = state.ops.slice(0, BATCH);
        return rpc('/field/api/sync', {ops: batch.map(function (r) { return r.op; })}).then(function (answer) {
            if (answer.error) {
                throw new RpcError(answer.error);  // the whole batch was refused: it stays queued
            }
            var byId = {};
            (answer.results || []).forEach(function (result) { byId[result.id] = result; });
            var answered = [];
            batch.forEach(function (record) {
                var result = byId[record.op.id];
                if (!result) {
                    return;  // not answered: it stays in the queue
                }
                answered.push(record.seq);
                applied = applied || result.status === 'done';
                var first = result.first_status || (result.result && result.result.status);
                if (result.status === 'refused' || (result.status === 'duplicate' && first === 'refused')) {
                    state.refused.push({op: record.op, display: record.display,
                                        message: result.message || L.server_error,
                                        at: new Date().toISOString()});
                }
            });
            state.ops = state.ops.filter(function (r) { return answered.indexOf(r.seq) < 0; });
            replaceInterventions(answer.interventions);
            return Promise.all([opsDelete(answered), kvPut('refused', state.refused),
                                state.day ? kvPut('day', state.day) : null]).then(function () {
                if (answered.length && state.ops.length) {
                    return syncQueue(applied);
                }
                return !!applied;
            });
        });
    }

    /* ---------- screens ---------- */

    function route() {
        var hash = location.hash.replace(/^#\/?/, '');
        var parts = hash.split('/');
        if (parts[0] === 'i' && parts[1]) {
            return {name: parts[2] === 'sign' ? 'sign' : 'task', id: parseInt(parts[1], 10)};
        }
        if (parts[0] === 'queue') {
            return {name: 'queue'};
        }
        return {name: 'today'};
    }

    function renderChrome() {
        var net = document.getElementById('f-net');
        var isOnline = online();
        net.textContent = state.syncing ? L.syncing : (isOnline ? L.online : L.offline);
        net.className = 'f-net' + (isOnline ? '' : ' f-off');
        var r = route(), count = queuedCount(), refused = state.refused.length;
        // the state of the queue, for whoever looks at the page (and the browser tests)
        document.body.dataset.queue = String(count);
        document.body.dataset.refused = String(refused);
        document.body.dataset.syncing = state.syncing ? '1' : '0';
        document.body.dataset.made = String(state.made);
        document.getElementById('f-bar').innerHTML =
            '<a href="#/" class="' + (r.name === 'today' ? 'f-active' : '') + '">' + esc(L.today) + '</a>' +
            '<a href="#/queue" id="f-bar-queue" class="' + (r.name === 'queue' ? 'f-active' : '') + '">' +
            '<span>' + esc(L.queue) + '<span class="f-count' + (count ? '' : ' f-zero') + '" id="f-count">' +
            count + '</span>' + (refused ? '<span class="f-count" style="background:#b3261e;color:#fff">' +
            refused + '</span>' : '') + '</span></a>' +
            '<button type="button" data-act="sync" id="f-sync"' + (isOnline && !state.syncing ? '' : ' disabled') +
            '>' + esc(state.syncing ? L.syncing : L.sync_now) + '</button>';
    }

    // the values typed in the page survive a re-render after a sync
    function keepInputs(work) {
        var main = document.getElementById('f-main');
        var values = {}, focused = document.activeElement && document.activeElement.id;
        main.querySelectorAll('input[id], textarea[id], select[id]').forEach(function (el) {
            if (el.type !== 'file') {
                values[el.id] = el.value;
            }
        });
        work();
        Object.keys(values).forEach(function (id) {
            var el = document.getElementById(id);
            if (el && el.type !== 'file' && !el.dataset.fresh) {
                el.value = values[id];
            }
        });
        if (focused && document.getElementById(focused)) {
            document.getElementById(focused).focus();
        }
    }

    function render(soft) {
        renderChrome();
        var r = route();
        if (soft && r.name === 'sign') {
            renderSignStatus();
            return;
        }
        var main = document.getElementById('f-main');
        var draw = function () {
            if (r.name === 'task') {
                main.innerHTML = taskScreen(r.id);
            } else if (r.name === 'sign') {
                main.innerHTML = signScreen(r.id);
                setupPad();
            } else if (r.name === 'queue') {
                main.innerHTML = queueScreen();
            } else {
                main.innerHTML = todayScreen();
            }
        };
        if (soft) {
            keepInputs(draw);
        } else {
            draw();
            window.scrollTo(0, 0);
        }
        updateTimers();
    }

    function badges(task) {
        var html = '<span class="f-badge">' + esc(task.kind_label) + '</span>';
        if (!task.unplanned) {  // an unplanned one says so once, below
            html += '<span class="f-badge' + (task.state === 'done' ? ' f-done' : '') + '">' +
                esc(task.state_label) + '</span>';
        }
        if (task.overdue) {
            html += '<span class="f-badge f-overdue">' + esc(L.overdue) + '</span>';
        }
        if (task.unplanned) {
            html += '<span class="f-badge f-unplanned">' + esc(L.unplanned) + '</span>';
        }
        if (isSigned(task)) {
            html += '<span class="f-badge f-done">' + esc(task.sign_pending ? L.pending_sign : L.signed) + '</span>';
        }
        if (task.pending) {
            html += '<span class="f-badge f-local">' + esc(L.queued) + ': ' + task.pending + '</span>';
        }
        return html;
    }

    function contactLinks(customer) {
        var html = '';
        if (customer.contact) {
            html += '<div>' + esc(L.contact) + ': ' + esc(customer.contact) + '</div>';
        }
        [customer.phone, customer.mobile].forEach(function (number) {
            if (number) {
                html += '<a class="f-btn f-small" href="tel:' + esc(number.replace(/[^0-9+]/g, '')) + '">' +
                    esc(L.call) + ' ' + esc(number) + '</a> ';
            }
        });
        return html;
    }

    function addressLink(customer) {
        if (!customer.address) {
            return '';
        }
        return '<a href="' + esc(customer.maps_url) + '" target="_blank" rel="noopener">' +
            esc(customer.address) + '</a>';
    }

    function groupLabel(task) {
        var start = parseUtc(task.planned_start);
        if (!start || task.unplanned) {
            return L.unplanned;
        }
        var today = new Date(), tomorrow = new Date();
        tomorrow.setDate(today.getDate() + 1);
        var key = localDay(start);
        if (key === localDay(today)) {
            return L.today;
        }
        if (key === localDay(tomorrow)) {
            return L.tomorrow;
        }
        return fmtDate(start);
    }

    function plantOf(task) {
        return (state.day && state.day.plants && state.day.plants[String(task.plant_id)]) || null;
    }

    function todayScreen() {
        var html = '<div class="f-card f-row"><div><div>' + esc(L.queued) + ': <strong id="f-queued">' +
            queuedCount() + '</strong></div><div class="f-muted">' + esc(L.last_sync) + ': ' +
            esc(state.lastSync ? fmtDate(new Date(state.lastSync)) + ' ' + fmtTime(new Date(state.lastSync)) : L.never) +
            '</div></div><div style="flex:0 0 auto"><button type="button" class="f-btn f-small f-primary" data-act="sync"' +
            (online() ? '' : ' disabled') + '>' + esc(L.sync_now) + '</button></div></div>';
        if (state.refused.length) {
            html += '<a class="f-card f-refused" href="#/queue"><span class="f-refused-msg">' + esc(L.refused_title) +
                ': ' + state.refused.length + '</span></a>';
        }
        if (!state.day) {
            return html + '<p class="f-card">' + esc(online() ? L.syncing : L.no_cache) + '</p>';
        }
        var list = interventions();
        if (!list.length) {
            return html + '<p class="f-card">' + esc(L.no_interventions) + '</p>';
        }
        list.sort(function (a, b) {
            // by planned start; the unplanned ones last
            var sa = (a.unplanned ? 'U' : 'P') + (a.planned_start || ''),
                sb = (b.unplanned ? 'U' : 'P') + (b.planned_start || '');
            return sa < sb ? -1 : (sa > sb ? 1 : a.id - b.id);
        });
        var group = null;
        list.forEach(function (task) {
            var label = groupLabel(task);
            if (label !== group) {
                group = label;
                html += '<h2 class="f-group">' + esc(label) + '</h2>';
            }
            var start = parseUtc(task.planned_start), end = parseUtc(task.planned_end);
            var plant = plantOf(task);
            html += '<div class="f-card f-task" data-href="#/i/' + task.id + '" data-task="' + task.id + '">' +
                '<div class="f-when">' + esc(start ? fmtTime(start) + (end ? ' – ' + fmtTime(end) : '') : L.unplanned) +
                '</div><a class="f-name" href="#/i/' + task.id + '">' + esc(task.name) + '</a>' +
                (task.ticket ? ' <span class="f-muted">' + esc(task.ticket) + '</span>' : '') +
                '<div>' + badges(task) + '</div>' +
                '<div><strong>' + esc(task.customer.name) + '</strong></div>' +
                '<div>' + addressLink(task.customer) + '</div>' +
                (plant ? '<div class="f-muted">' + esc(L.plant) + ': ' + esc(plant.name) + '</div>' : '') +
                '<div>' + contactLinks(task.customer) + '</div></div>';
        });
        return html;
    }

    function describeOp(record) {
        var op = record.op, display = record.display || {};
        var task = state.day && state.day.interventions.filter(function (t) { return t.id === op.task_id; })[0];
        var what = {
            work_start: L.start_work, work_stop: L.stop_work, activity: L.add_activity,
            material: L.add_material, material_delete: L.delete, photo: L.add_photo,
            note: L.add_note, close: L.done_state, sign: L.signature
        }[op.type] || op.type;
        var detail = op.data.text || display.product || op.data.name || op.data.signer || op.data.description || '';
        return '<strong>' + esc(what) + '</strong>' + (detail ? ': ' + esc(detail) : '') +
            '<div class="f-muted">' + esc(task ? task.name : display.task || '#' + op.task_id) + ' · ' +
            esc(fmtDate(parseUtc(op.at)) + ' ' + fmtTime(parseUtc(op.at))) + '</div>';
    }

    function queueScreen() {
        var html = '<h1>' + esc(L.queue_title) + '</h1>';
        if (!state.ops.length) {
            html += '<p class="f-card f-ok">' + esc(L.queue_empty) + '</p>';
        } else {
            html += '<ul class="f-card f-list" id="f-queue-list">' + state.ops.map(function (record) {
                return '<li>' + describeOp(record) + '</li>';
            }).join('') + '</ul>';
        }
        html += '<button type="button" class="f-btn f-primary" data-act="sync"' + (online() ? '' : ' disabled') +
            '>' + esc(L.sync_now) + '</button>';
        if (state.refused.length) {
            html += '<h2>' + esc(L.refused_title) + '</h2><p class="f-muted">' + esc(L.refused_help) + '</p>' +
                '<ul class="f-list" id="f-refused-list">' + state.refused.map(function (item, index) {
                    return '<li class="f-card f-refused">' + describeOp(item) + '<div class="f-refused-msg">' +
                        esc(item.message) + '</div><button type="button" class="f-btn f-small" data-act="dismiss" ' +
                        'data-index="' + index + '">' + esc(L.dismiss) + '</button></li>';
                }).join('') + '</ul>';
        }
        return html;
    }

    function activeComponents(plant, onDay) {
        // installed on or before the day and not removed on or before it
        return ((plant && plant.components) || []).filter(function (c) {
            if (!onDay) {
                return !c.date_removed;
            }
            return c.date_installed && c.date_installed <= onDay && !(c.date_removed && c.date_removed <= onDay);
        });
    }

    function componentLabel(c) {
        return c.product + (c.serial ? ' (' + c.serial + ')' : '');
    }

    function taskScreen(id) {
        var task = findTask(id);
        if (!task) {
            return '<p class="f-card">' + esc(state.day ? L.no_interventions : L.no_cache) + '</p>' +
                '<a class="f-btn" href="#/">' + esc(L.back) + '</a>';
        }
        var plant = plantOf(task), locked = isSigned(task);
        var start = parseUtc(task.planned_start), end = parseUtc(task.planned_end);
        var html = '<a href="#/" class="f-btn f-small" style="width:auto">‹ ' + esc(L.back) + '</a>' +
            '<h1 id="f-task-name">' + esc(task.name) + '</h1><div>' + badges(task) + '</div>' +
            '<div class="f-card">' +
            (task.ticket ? '<div class="f-muted">' + esc(L.ticket) + ' ' + esc(task.ticket) + '</div>' : '') +
            (start ? '<div>' + esc(L.planned) + ': ' + esc(fmtDate(start) + ' ' + fmtTime(start) +
                (end ? ' – ' + fmtTime(end) : '')) + '</div>' : '') +
            '<div><strong>' + esc(task.customer.name) + '</strong></div>' +
            '<div>' + addressLink(task.customer) + '</div>' + contactLinks(task.customer) +
            (plant ? '<div>' + esc(L.plant) + ': ' + esc(plant.name) + (plant.code ? ' [' + esc(plant.code) + ']' : '') +
                '</div>' : '') + '</div>';

        // the call
        html += '<h2>' + esc(L.description) + '</h2><div class="f-card f-pre">' +
            esc(task.description || L.no_description) + '</div>';

        // work timer (a done intervention keeps a timer that was running)
        if (!locked && (task.state !== 'done' || state.timers[task.id])) {
            html += '<h2>' + esc(L.work) + '</h2><div class="f-card" id="f-work">' + timerBlock(task) + '</div>';
        }

        // activities
        html += '<h2>' + esc(L.activities) + '</h2><div class="f-card"><div class="f-pre" id="f-work-report">' +
            esc(task.work_report || '') + '</div>';
        if (!locked) {
            html += '<label for="f-activity-' + id + '">' + esc(L.add_activity) + '</label>' +
                '<textarea id="f-activity-' + id + '" placeholder="' + esc(L.activity_placeholder) + '"></textarea>' +
                '<button type="button" class="f-btn f-primary" data-act="activity" data-task="' + id + '">' +
                esc(L.add_activity) + '</button>';
        }
        html += '</div>';

        // materials
        html += '<h2>' + esc(L.materials) + '</h2><div class="f-card">' + materialList(task, locked);
        if (!locked) {
            html += materialForm(task, plant);
        }
        html += '</div>';

        // photos
        html += '<h2>' + esc(L.photos) + '</h2><div class="f-card"><div class="f-photos" id="f-photos">' +
            task.photos.map(function (photo) {
                return '<a href="' + esc(photo.local ? '#' : photo.url) + '" target="_blank" rel="noopener">' +
                    '<img alt="' + esc(photo.name) + '" src="' + esc(photo.url) + '" loading="lazy"/></a>';
            }).join('') + '</div>';
        if (!locked) {
            html += '<label class="f-btn" for="f-photo-' + id + '">' + esc(L.add_photo) + '</label>' +
                '<input class="f-hidden" type="file" accept="image/*" capture="environment" multiple="multiple" ' +
                'id="f-photo-' + id + '" data-task="' + id + '"/>';
        }
        html += '</div>';

        // time spent
        html += '<h2>' + esc(L.timesheets) + '</h2><div class="f-card">' + timesheetTable(task) + '</div>';

        // plant components and the configuration at a date
        html += '<h2>' + esc(L.components) + '</h2><div class="f-card">' + componentsBlock(task, plant) + '</div>';

        // notes
        html += '<h2>' + esc(L.notes) + '</h2><div class="f-card"><p class="f-muted">' + esc(L.notes_sent) + '</p>' +
            (task.local_notes.length ? '<ul class="f-list">' + task.local_notes.map(function (n) {
                return '<li class="f-pre">' + esc(n) + ' <span class="f-badge f-local">' + esc(L.queued) + '</span></li>';
            }).join('') + '</ul>' : '') +
            '<textarea id="f-note-' + id + '" placeholder="' + esc(L.note_placeholder) + '"></textarea>' +
            '<button type="button" class="f-btn" data-act="note" data-task="' + id + '">' + esc(L.add_note) + '</button></div>';

        // close and sign, backend
        if (!locked) {
            html += '<a class="f-btn f-go" id="f-to-sign" href="#/i/' + id + '/sign">' + esc(L.close_and_sign) + '</a>';
        } else {
            html += '<div class="f-card f-ok">' + esc(signLabel(task)) + (task.signed_by ? ': ' + esc(task.signed_by) : '') + '</div>';
        }
        html += '<a class="f-btn" href="' + esc(task.backend_url) + '">' + esc(L.open_backend) + '</a>';
        return html;
    }

    function signLabel(task) {
        if (task.sign_mode === 'onsite_unconfirmed') {
            return L.signed_unconfirmed;
        }
        if (task.sign_mode === 'onsite_confirmed') {
            return L.signed_confirmed;
        }
        return L.already_signed;
    }

    function timerBlock(task) {
        var timer = state.timers[task.id];
        if (!timer) {
            return '<button type="button" class="f-btn f-go" id="f-start" data-act="start" data-task="' + task.id + '">' +
                esc(L.start_work) + '</button>';
        }
        var started = parseUtc(timer.started_at);
        var localValue = new Date(started.getTime() - started.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
        return '<div class="f-muted">' + esc(L.work_running) + ' ' + esc(fmtTime(started)) + '</div>' +
            '<div class="f-timer" data-since="' + esc(timer.started_at) + '">0:00:00</div>' +
            '<label for="f-started-' + task.id + '">' + esc(L.started_at) + '</label>' +
            '<input type="datetime-local" id="f-started-' + task.id + '" value="' + esc(localValue) + '"/>' +
            '<label for="f-work-desc-' + task.id + '">' + esc(L.work_description) + '</label>' +
            '<input type="text" id="f-work-desc-' + task.id + '"/>' +
            '<button type="button" class="f-btn f-danger" id="f-stop" data-act="stop" data-task="' + task.id + '">' +
            esc(L.stop_work) + '</button>';
    }

    function updateTimers() {
        document.querySelectorAll('.f-timer[data-since]').forEach(function (el) {
            var seconds = Math.max(0, Math.floor((Date.now() - parseUtc(el.dataset.since).getTime()) / 1000));
            el.textContent = Math.floor(seconds / 3600) + ':' + pad2(Math.floor(seconds / 60) % 60) + ':' + pad2(seconds % 60);
        });
    }

    function materialList(task, locked) {
        if (!task.materials.length) {
            return '<p class="f-muted">' + esc(L.no_materials) + '</p>';
        }
        return '<ul class="f-list" id="f-materials">' + task.materials.map(function (m) {
            return '<li><strong>' + esc(m.action_label) + '</strong> · ' + esc(m.product) + ' × ' +
                esc(fmtQty(m.quantity)) + ' ' + esc(m.uom || '') +
                (m.component ? '<div class="f-muted">' + esc(L.component) + ': ' + esc(m.component) + '</div>' : '') +
                (m.serial ? '<div class="f-muted">' + esc(L.serial) + ': ' + esc(m.serial) + '</div>' : '') +
                (m.local ? '<span class="f-badge f-local">' + esc(L.queued) + '</span>' : '') +
                (!locked && !m.local && !m.applied ? ' <button type="button" class="f-btn f-small f-danger" ' +
                 'data-act="material_delete" data-task="' + task.id + '" data-material="' + m.id + '">' +
                 esc(L.delete) + '</button>' : '') + '</li>';
        }).join('') + '</ul>';
    }

    function materialForm(task, plant) {
        var form = state.material[task.id];
        if (!form) {
            return '<button type="button" class="f-btn" id="f-add-material" data-act="material_open" data-task="' +
                task.id + '">' + esc(L.add_material) + '</button>';
        }
        var id = task.id;
        var options = ['installed', 'replaced', 'removed'].map(function (a) {
            return '<option value="' + a + '"' + (form.action === a ? ' selected' : '') + '>' + esc(L[a]) + '</option>';
        }).join('');
        var components = activeComponents(plant).map(function (c) {
            return '<option value="' + c.id + '"' + (form.component_id === c.id ? ' selected' : '') + '>' +
                esc(componentLabel(c)) + '</option>';
        }).join('');
        return '<div id="f-material-form"><h3>' + esc(L.add_material) + '</h3>' +
            '<label for="f-m-action-' + id + '">' + esc(L.action) + '</label>' +
            '<select id="f-m-action-' + id + '" data-change="m_action" data-task="' + id + '">' + options + '</select>' +
            '<label for="f-m-search-' + id + '">' + esc(L.product) + '</label>' +
            (form.product ? '<div class="f-row"><strong id="f-m-product">' + esc(form.product.name) + '</strong>' +
                '<button type="button" class="f-btn f-small" style="flex:0 0 auto" data-act="m_unpick" data-task="' + id +
                '">' + esc(L.clear) + '</button></div>' :
                '<input type="search" id="f-m-search-' + id + '" data-input="m_search" data-task="' + id +
                '" placeholder="' + esc(L.search_product) + '" autocomplete="off"/>' +
                '<ul class="f-list" id="f-m-results">' + productResults(form) + '</ul>') +
            '<label for="f-m-component-' + id + '">' + esc(L.component) + '</label>' +
            '<select id="f-m-component-' + id + '"><option value="">' + esc(L.no_component) + '</option>' +
            components + '</select>' +
            '<div class="f-row"><div><label for="f-m-qty-' + id + '">' + esc(L.quantity) + '</label>' +
            '<input type="number" inputmode="decimal" min="0" step="any" id="f-m-qty-' + id + '" value="1"/></div>' +
            '<div><label for="f-m-serial-' + id + '">' + esc(L.serial) + '</label>' +
            '<input type="text" id="f-m-serial-' + id + '"/></div></div>' +
            '<div class="f-row"><button type="button" class="f-btn f-primary" id="f-m-save" data-act="m_save" data-task="' +
            id + '">' + esc(L.save) + '</button><button type="button" class="f-btn" data-act="m_cancel" data-task="' +
            id + '">' + esc(L.cancel) + '</button></div></div>';
    }

    function productResults(form) {
        if (!form.results) {
            return '';
        }
        if (!form.results.length) {
            return '<li class="f-muted">' + esc(L.no_product_found) + '</li>';
        }
        return form.results.map(function (p, index) {
            return '<li><button type="button" class="f-pick" data-act="m_pick" data-index="' + index + '">' +
                esc(p.name) + (p.code ? ' <span class="f-muted">[' + esc(p.code) + ']</span>' : '') +
                (p.uom ? ' <span class="f-muted">' + esc(p.uom) + '</span>' : '') + '</button></li>';
        }).join('');
    }

    function timesheetTable(task) {
        if (!task.timesheets.length) {
            return '<p class="f-muted">' + esc(L.no_timesheets) + '</p>';
        }
        var total = 0;
        var rows = task.timesheets.map(function (line) {
            total += line.hours || 0;
            return '<tr><td>' + esc(fmtDay(line.date)) + '<div class="f-muted">' + esc(line.user || '') + '</div></td>' +
                '<td>' + esc(line.name || '') + (line.local ? ' <span class="f-badge f-local">' + esc(L.queued) +
                '</span>' : '') + '</td><td class="f-num">' + esc(fmtHours(line.hours)) + '</td></tr>';
        }).join('');
        return '<table class="f-table" id="f-timesheets">' + rows + '<tr><td colspan="2"><strong>' + esc(L.total) +
            '</strong></td><td class="f-num"><strong>' + esc(fmtHours(total)) + '</strong></td></tr></table>';
    }

    function componentsBlock(task, plant) {
        if (!plant || !plant.components || !plant.components.length) {
            return '<p class="f-muted">' + esc(L.no_components) + '</p>';
        }
        var onDay = state.configDate[task.id] || '';
        var list = activeComponents(plant, onDay);
        var html = '<label for="f-config-' + task.id + '">' + esc(L.configuration_on) + '</label>' +
            '<input type="date" id="f-config-' + task.id + '" data-change="config" data-task="' + task.id +
            '" data-fresh="1" value="' + esc(onDay) + '"/>';
        html += '<ul class="f-list" id="f-components">' + list.map(function (c) {
            var key = state.keys[c.id];
            return '<li><strong>' + esc(c.product) + '</strong>' + (c.serial ? ' · ' + esc(c.serial) : '') +
                '<div class="f-muted">' + esc(L.installed_on) + ' ' + esc(fmtDay(c.date_installed)) +
                (c.date_removed ? ' · ' + esc(L.removed_on) + ' ' + esc(fmtDay(c.date_removed)) : '') + '</div>' +
                (c.has_access_key && !onDay ? (key ? '<div>' + esc(L.access_key) + ': <span class="f-key">' + esc(key) +
                    '</span></div>' : '<button type="button" class="f-btn f-small" data-act="key" data-component="' +
                    c.id + '"' + (online() ? '' : ' disabled title="' + esc(L.key_online_only) + '"') + '>' +
                    esc(L.reveal_key) + '</button>') : '') + '</li>';
        }).join('') + '</ul>';
        return html;
    }

    /* ---------- close and sign ---------- */

    function signScreen(id) {
        var task = findTask(id);
        if (!task) {
            return '<p class="f-card">' + esc(L.no_cache) + '</p>';
        }
        var html = '<a href="#/i/' + id + '" class="f-btn f-small" style="width:auto">‹ ' + esc(L.back) + '</a>' +
            '<h1>' + esc(L.close_and_sign) + '</h1><div class="f-muted">' + esc(task.name) + ' · ' +
            esc(task.customer.name) + '</div>' +
            '<h2>' + esc(L.summary) + '</h2><p class="f-muted">' + esc(L.prices_hidden) + '</p>' +
            '<div class="f-card"><h3>' + esc(L.timesheets) + '</h3>' + timesheetTable(task) +
            '<h3>' + esc(L.materials) + '</h3>' + materialList(task, true) +
            (task.work_report ? '<h3>' + esc(L.work_report) + '</h3><div class="f-pre">' + esc(task.work_report) +
                '</div>' : '') + '</div>';
        html += '<div id="f-sign-status"></div>';
        if (isSigned(task)) {
            return html;
        }
        var request = state.requests[id];
        html += '<div id="f-sign-form"><label for="f-signer">' + esc(L.signer) + '</label>' +
            '<input type="text" id="f-signer" autocomplete="name" value="' + esc(task.customer.contact || '') + '"/>' +
            '<label>' + esc(L.signature) + '</label>' +
            '<canvas class="f-pad" id="f-pad" aria-label="' + esc(L.sign_here) + '"></canvas>' +
            '<div class="f-row"><span class="f-muted">' + esc(L.sign_here) + '</span>' +
            '<button type="button" class="f-btn f-small" style="flex:0 0 auto" data-act="pad_clear">' + esc(L.clear) +
            '</button></div>' +
            '<button type="button" class="f-btn f-primary" id="f-send-code" data-act="send_code" data-task="' + id + '"' +
            (online() ? '' : ' disabled') + '>' + esc(L.send_code) + '</button>' +
            (online() ? '' : '<p class="f-muted">' + esc(L.code_online_only) + '</p>') +
            '<button type="button" class="f-btn" id="f-sign-nocode" data-act="sign_nocode" data-task="' + id + '">' +
            esc(L.sign_without_code) + '</button></div>';
        html += '<div id="f-code-form"' + (request ? '' : ' class="f-hidden"') + '>' + codeForm(id, request) + '</div>';
        return html;
    }

    function codeForm(id, request) {
        if (!request) {
            return '';
        }
        return '<div class="f-card f-ok">' + esc(L.code_sent_to) + ' <strong id="f-sent-to">' + esc(request.sent_to) +
            '</strong>' + (request.expires_at ? '<div class="f-muted">' + esc(L.code_expires) + ' ' +
            esc(fmtTime(parseUtc(request.expires_at))) + '</div>' : '') + '</div>' +
            '<label for="f-code">' + esc(L.code) + '</label>' +
            '<input type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" class="f-code" id="f-code"/>' +
            '<button type="button" class="f-btn f-go" id="f-confirm" data-act="confirm_code" data-task="' + id + '">' +
            esc(L.confirm) + '</button>';
    }

    function renderSignStatus() {
        var r = route(), task = findTask(r.id), box = document.getElementById('f-sign-status');
        if (!task || !box) {
            return;
        }
        if (isSigned(task)) {
            box.innerHTML = '<div class="f-card f-ok" id="f-signed"><strong>' + esc(signLabel(task)) + '</strong>' +
                (task.signed_by ? '<div>' + esc(task.signed_by) + '</div>' : '') +
                (task.sign_mode === 'onsite_unconfirmed' ? '<div class="f-muted">' + esc(L.signed_unconfirmed_help) +
                    '</div>' : '') + '</div><a class="f-btn" href="#/">' + esc(L.back) + '</a>';
            ['f-sign-form', 'f-code-form'].forEach(function (el) {
                var node = document.getElementById(el);
                if (node) {
                    node.classList.add('f-hidden');
                }
            });
        }
        var send = document.getElementById('f-send-code');
        if (send) {
            send.disabled = !online();
        }
    }

    var pad = {drawn: false};
    function setupPad() {
        var canvas = document.getElementById('f-pad');
        pad.drawn = false;
        if (!canvas) {
            renderSignStatus();
            return;
        }
        var ratio = window.devicePixelRatio || 1;
        canvas.width = canvas.clientWidth * ratio;
        canvas.height = canvas.clientHeight * ratio;
        var ctx = canvas.getContext('2d');
        ctx.scale(ratio, ratio);
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.lineWidth = 2.5;
        ctx.lineCap = 'round';
        ctx.lineJoin = 'round';
        ctx.strokeStyle = '#0b1a33';
        var last = null;
        function point(ev) {
            var box = canvas.getBoundingClientRect();
            return {x: ev.clientX - box.left, y: ev.clientY - box.top};
        }
        canvas.addEventListener('pointerdown', function (ev) {
            ev.preventDefault();
            canvas.setPointerCapture(ev.pointerId);
            last = point(ev);
            ctx.beginPath();
            ctx.arc(last.x, last.y, 1, 0, 2 * Math.PI);
            ctx.fillStyle = '#0b1a33';
            ctx.fill();
        });
        canvas.addEventListener('pointermove', function (ev) {
            if (!last) {
                return;
            }
            ev.preventDefault();
            var p = point(ev);
            ctx.beginPath();
            ctx.moveTo(last.x, last.y);
            ctx.lineTo(p.x, p.y);
            ctx.stroke();
            last = p;
            pad.drawn = true;
        });
        ['pointerup', 'pointercancel', 'pointerleave'].forEach(function (name) {
            canvas.addEventListener(name, function () { last = null; });
        });
        renderSignStatus();
    }

    function clearPad() {
        var canvas = document.getElementById('f-pad');
        if (canvas) {
            var ctx = canvas.getContext('2d');
            ctx.save();
            ctx.setTransform(1, 0, 0, 1, 0, 0);
            ctx.fillStyle = '#fff';
            ctx.fillRect(0, 0, canvas.width, canvas.height);
            ctx.restore();
            pad.drawn = false;
        }
    }

    function readSignature() {
        var signer = (document.getElementById('f-signer').value || '').trim();
        if (!signer) {
            toast(L.missing_signer, true);
            return null;
        }
        if (!pad.drawn) {
            toast(L.missing_signature, true);
            return null;
        }
        return {signer: signer, signature: document.getElementById('f-pad').toDataURL('image/png')};
    }

    function ensureClosed(task) {
        // the close goes first: queued once, never twice
        var queued = state.ops.some(function (r) { return r.op.task_id === task.id && r.op.type === 'close'; });
        if (task.state === 'done' || queued) {
            return Promise.resolve();
        }
        return queueOp('close', task.id, {});
    }

    function sendCode(id) {
        var task = findTask(id), signed = readSignature();
        if (!task || !signed) {
            return;
        }
        if (!online()) {
            toast(L.code_online_only, true);
            return;
        }
        var button = document.getElementById('f-send-code');
        button.disabled = true;
        if (task.state !== 'done') {
            toast(L.close_first);
        }
        ensureClosed(task).then(function () {
            return sync(false);
        }).then(function () {
            var left = state.ops.some(function (r) { return r.op.task_id === id; });
            var refused = state.refused.some(function (r) { return r.op.task_id === id && r.op.type === 'close'; });
            if (left || refused) {
                throw new RpcError(refused ? state.refused.filter(function (r) {
                    return r.op.task_id === id && r.op.type === 'close';
                }).pop().message : L.network_error);
            }
            return rpc('/field/api/sign/request', {task_id: id, signer: signed.signer, signature: signed.signature});
        }).then(function (answer) {
            state.requests[id] = answer;
            kvPut('requests', state.requests);
            var box = document.getElementById('f-code-form');
            box.innerHTML = codeForm(id, answer);
            box.classList.remove('f-hidden');
            document.getElementById('f-code').focus();
        }).catch(showError).then(function () {
            if (document.getElementById('f-send-code')) {
                document.getElementById('f-send-code').disabled = !online();
            }
        });
    }

    function confirmCode(id) {
        var request = state.requests[id];
        var code = (document.getElementById('f-code').value || '').trim();
        if (!request || !code) {
            toast(L.missing_text, true);
            return;
        }
        var button = document.getElementById('f-confirm');
        button.disabled = true;
        rpc('/field/api/sign/confirm', {request_id: request.request_id, code: code}).then(function (answer) {
            if (!answer.ok) {
                toast(answer.message || L.server_error, true);
                return;
            }
            delete state.requests[id];
            kvPut('requests', state.requests);
            // the intervention's payload; the server may wrap it as /day does
            var payload = answer.intervention || {};
            replaceInterventions(payload.interventions || [payload]);
            if (payload.plants && state.day) {
                Object.assign(state.day.plants, payload.plants);
            }
            return kvPut('day', state.day).then(function () {
                toast(L.signed_confirmed);
                render(false);
                renderSignStatus();
            });
        }).catch(showError).then(function () {
            if (document.getElementById('f-confirm')) {
                document.getElementById('f-confirm').disabled = false;
            }
        });
    }

    function signWithoutCode(id) {
        var task = findTask(id), signed = readSignature();
        if (!task || !signed) {
            return;
        }
        ensureClosed(task).then(function () {
            return queueOp('sign', id, {signer: signed.signer, signature: signed.signature}, {});
        }).then(function () {
            render(false);
            renderSignStatus();
        });
    }

    /* ---------- actions on the intervention ---------- */

    function startWork(id) {
        state.timers[id] = {started_at: utcString()};
        kvPut('timers', state.timers).then(function () {
            return queueOp('work_start', id, {});
        });
    }

    function stopWork(id) {
        var timer = state.timers[id];
        if (!timer) {
            return;
        }
        var input = document.getElementById('f-started-' + id);
        var started = input && input.value ? new Date(input.value) : parseUtc(timer.started_at);
        var stopped = new Date();
        var hours = (stopped - started) / 3600000;
        if (!(hours > 0) || hours > 16) {
            toast(L.bad_duration, true);
            return;
        }
        var description = (document.getElementById('f-work-desc-' + id).value || '').trim();
        delete state.timers[id];
        kvPut('timers', state.timers).then(function () {
            return queueOp('work_stop', id, {started_at: utcString(started), stopped_at: utcString(stopped),
                                             description: description});
        });
    }

    function addText(type, id, field) {
        var input = document.getElementById(field + id);
        var text = (input.value || '').trim();
        if (!text) {
            toast(L.missing_text, true);
            return;
        }
        input.value = '';
        queueOp(type, id, {text: text});
    }

    var searchTimer = null;
    function searchProducts(id, query) {
        var form = state.material[id];
        clearTimeout(searchTimer);
        searchTimer = setTimeout(function () {
            var q = query.trim().toLowerCase();
            var offline = function () {
                return ((state.day && state.day.products) || []).filter(function (p) {
                    return !q || (p.name || '').toLowerCase().indexOf(q) >= 0 ||
                        (p.code || '').toLowerCase().indexOf(q) >= 0;
                }).slice(0, 20);
            };
            var ask = online() && q ? rpc('/field/api/products', {q: query.trim(), limit: 20}).catch(function () {
                return offline();
            }) : Promise.resolve(offline());
            ask.then(function (results) {
                if (state.material[id] !== form) {
                    return;
                }
                form.results = results;
                var list = document.getElementById('f-m-results');
                if (list) {
                    list.innerHTML = productResults(form);
                }
            });
        }, 250);
    }

    function saveMaterial(id) {
        var form = state.material[id], task = findTask(id);
        var action = document.getElementById('f-m-action-' + id).value;
        var componentId = parseInt(document.getElementById('f-m-component-' + id).value, 10) || false;
        var quantity = parseFloat(document.getElementById('f-m-qty-' + id).value);
        var serial = (document.getElementById('f-m-serial-' + id).value || '').trim();
        if (!form.product) {
            toast(L.missing_product, true);
            return;
        }
        if ((action === 'replaced' || action === 'removed') && !componentId) {
            toast(L.missing_component, true);
            return;
        }
        if (!(quantity > 0)) {
            toast(L.bad_quantity, true);
            return;
        }
        var component = componentId && activeComponents(plantOf(task)).filter(function (c) {
            return c.id === componentId;
        })[0];
        delete state.material[id];
        queueOp('material', id, {action: action, product_id: form.product.id, quantity: quantity,
                                 component_id: componentId || null, serial: serial},
                {product: form.product.name, uom: form.product.uom, component: component ? componentLabel(component) : ''});
    }

    function downscale(file) {
        // at most PHOTO_MAX_SIDE px on the long side, as JPEG: a phone photo of
        // several MB becomes a few hundred KB before it is queued
        return new Promise(function (resolve, reject) {
            var url = URL.createObjectURL(file);
            var img = new Image();
            img.onload = function () {
                var scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
                var canvas = document.createElement('canvas');
                canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
                canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
                var ctx = canvas.getContext('2d');
                ctx.fillStyle = '#fff';
                ctx.fillRect(0, 0, canvas.width, canvas.height);
                ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
                URL.revokeObjectURL(url);
                resolve(canvas.toDataURL('image/jpeg', 0.85).split(',')[1]);
            };
            img.onerror = function () {
                URL.revokeObjectURL(url);
                reject(new Error(file.name));
            };
            img.src = url;
        });
    }

    function addPhotos(id, files) {
        Array.prototype.reduce.call(files, function (chain, file) {
            return chain.then(function () {
                return downscale(file).then(function (data) {
                    var name = (file.name || 'foto').replace(/\.[^.]*$/, '') + '.jpg';
                    return queueOp('photo', id, {name: name, mimetype: 'image/jpeg', data: data});
                });
            });
        }, Promise.resolve()).catch(function (err) {
            toast(L.server_error + ': ' + err.message, true);
        });
    }

    function revealKey(componentId) {
        if (!online()) {
            toast(L.key_online_only, true);
            return;
        }
        rpc('/field/api/access_key', {component_id: componentId}).then(function (answer) {
            state.keys[componentId] = answer.key;
            render(true);
        }).catch(showError);
    }

    function deleteMaterial(id, materialId) {
        if (window.confirm(L.confirm_delete)) {
            queueOp('material_delete', id, {material_id: materialId});
        }
    }

    /* ---------- events ---------- */

    document.addEventListener('click', function (ev) {
        var el = ev.target.closest('[data-act]');
        if (!el) {
            var card = ev.target.closest('[data-href]');
            if (card && !ev.target.closest('a, button, input, label')) {
                location.hash = card.dataset.href;
            }
            return;
        }
        var id = parseInt(el.dataset.task, 10);
        switch (el.dataset.act) {
        case 'sync':
            sync(true);
            break;
        case 'dismiss':
            state.refused.splice(parseInt(el.dataset.index, 10), 1);
            kvPut('refused', state.refused).then(function () { render(false); });
            break;
        case 'start':
            startWork(id);
            break;
        case 'stop':
            stopWork(id);
            break;
        case 'activity':
            addText('activity', id, 'f-activity-');
            break;
        case 'note':
            addText('note', id, 'f-note-');
            break;
        case 'material_open':
            state.material[id] = {action: 'installed', product: null, results: null};
            render(true);
            searchProducts(id, '');
            break;
        case 'm_cancel':
            delete state.material[id];
            render(true);
            break;
        case 'm_pick':
            var form = state.material[route().id];
            form.product = form.results[parseInt(el.dataset.index, 10)];
            render(true);
            break;
        case 'm_unpick':
            state.material[id].product = null;
            render(true);
            searchProducts(id, '');
            break;
        case 'm_save':
            saveMaterial(id);
            break;
        case 'material_delete':
            deleteMaterial(id, parseInt(el.dataset.material, 10));
            break;
        case 'key':
            revealKey(parseInt(el.dataset.component, 10));
            break;
        case 'pad_clear':
            clearPad();
            break;
        case 'send_code':
            sendCode(id);
            break;
        case 'confirm_code':
            confirmCode(id);
            break;
        case 'sign_nocode':
            signWithoutCode(id);
            break;
        }
    });

    document.addEventListener('input', function (ev) {
        if (ev.target.dataset.input === 'm_search') {
            searchProducts(parseInt(ev.target.dataset.task, 10), ev.target.value);
        }
    });

    document.addEventListener('change', function (ev) {
        var el = ev.target, id = parseInt(el.dataset.task, 10);
        if (el.type === 'file' && el.files && el.files.length) {
            addPhotos(id, el.files);
            el.value = '';
        } else if (el.dataset.change === 'config') {
            state.configDate[id] = el.value;
            render(true);
        } else if (el.dataset.change === 'm_action' && state.material[id]) {
            state.material[id].action = el.value;
        }
    });

    window.addEventListener('hashchange', function () { render(false); });
    window.addEventListener('online', function () { renderChrome(); sync(true); });
    window.addEventListener('offline', function () { render(true); });
    setInterval(updateTimers, 1000);
    setInterval(function () {
        if (online()) {
            sync(false);
        }
    }, SYNC_EVERY_MS);

    /* ---------- start ---------- */

    function start() {
        return openDb().then(function (base) {
            db = base;
            return Promise.all([kvGet('day'), opsAll(), kvGet('refused'), kvGet('timers'),
                                kvGet('requests'), kvGet('last_sync')]);
        }).then(function (values) {
            state.day = values[0] || null;
            state.ops = (values[1] || []).sort(function (a, b) { return a.seq - b.seq; });
            state.refused = values[2] || [];
            state.timers = values[3] || {};
            state.requests = values[4] || {};
            state.lastSync = values[5] || null;
            render(false);
            // the first screen comes from the phone's copy, before any network
            document.body.dataset.ready = '1';
            document.body.dataset.readyMs = String(Math.round(performance.now()));
            return sync(true);
        }).then(function () {
            document.body.dataset.loaded = '1';
            document.body.dataset.loadedMs = String(Math.round(performance.now()));
        }).catch(function (err) {
            toast((err && err.message) || String(err), true);
        });
    }

    if ('serviceWorker' in navigator) {
        navigator.serviceWorker.register('/field/sw.js', {scope: '/field'}).catch(function () {
            return null;  // the app works without it, online
        });
    }
    start();
})();
