odoo.define('dsa_accounting_bridge.import_job_autorefresh', function (require) {
"use strict";

// Boolean field widget put on `is_running` of the import job form: while the job runs
// and the form is read-only, it reloads the record every few seconds, so that the
// progress (rows done / total, rate, time left) moves without a manual refresh.
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

var REFRESH_MS = 3000;

var ImportJobAutoRefresh = basicFields.FieldBoolean.extend({
    _render: function () {
        this._super.apply(this, arguments);
        var self = this;
        clearTimeout(this._dsaTimer);
        if (this.value && this.mode === 'readonly') {
            this._dsaTimer = setTimeout(function () {
                self.trigger_up('reload');
            }, REFRESH_MS);
        }
    },
    destroy: function () {
        clearTimeout(this._dsaTimer);
        this._super.apply(this, arguments);
    },
});

fieldRegistry.add('dsa_import_autorefresh', ImportJobAutoRefresh);

return ImportJobAutoRefresh;
});
