odoo.define('dsa_crm.customer_card', function (require) {
'use strict';

/**
 * The customer card (CRM-8): a client action that reads everything from one
 * call of res.partner.dsa_card_data() and shows it with the web client's own
 * pieces: control panel with breadcrumbs, stat buttons, lists, an nvd3 chart.
 */
var ajax = require('web.ajax');
var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var field_utils = require('web.field_utils');
var Widget = require('web.Widget');

var _t = core._t;

var CustomerCard = Widget.extend(ControlPanelMixin, {
    template: 'dsa_crm.CustomerCard',
    cssLibs: ['/web/static/lib/nvd3/nv.d3.css'],
    jsLibs: [
        '/web/static/lib/nvd3/d3.v3.js',
        '/web/static/lib/nvd3/nv.d3.js',
        '/web/static/src/js/libs/nvd3.js',
    ],
    events: {
        'click .o_dsa_card_method': '_onMethod',
        'click .o_dsa_card_record': '_onRecord',
    },

    init: function (parent, action) {
        this._super.apply(this, arguments);
        var params = action.params || {};
        var context = action.context || {};
        this.partnerId = params.partner_id || context.active_id;
        this.data = null;
    },

    willStart: function () {
        var self = this;
        var card = this._rpc({
            model: 'res.partner',
            method: 'dsa_card_data',
            args: [[this.partnerId]],
        }).then(function (data) {
            self.data = data;
        });
        return $.when(ajax.loadLibs(this), this._super.apply(this, arguments), card);
    },

    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            self.update_control_panel({
                breadcrumbs: self.getParent().get_breadcrumbs(),
                cp_content: {},
            }, {clear: true});
        });
    },

    on_attach_callback: function () {
        this._renderChart();
    },

    do_show: function () {
        this._super.apply(this, arguments);
        this.update_control_panel({breadcrumbs: this.getParent().get_breadcrumbs()});
    },

    //--------------------------------------------------------------------------
    // Formatting, used by the template
    //--------------------------------------------------------------------------

    formatAmount: function (value) {
        var currency = this.data.currency;
        var amount = field_utils.format.float(value || 0, null, {digits: [16, 0]});
        return currency.position === 'after' ?
            amount + '\u00a0' + currency.symbol : currency.symbol + '\u00a0' + amount;
    },
    formatDate: function (value) {
        return value ? moment(value.substr(0, 10), 'YYYY-MM-DD').format('L') : '';
    },
    formatDateTime: function (value) {
        return value ? moment.utc(value).local().format('L LT') : '';
    },
    formatChange: function (change) {
        if (change === null || change === undefined) {
            return '';
        }
        return (change > 0 ? '+' : '') + field_utils.format.float(change, null, {digits: [16, 1]}) + '%';
    },
    m2oName: function (value) {
        return value ? value[1] : '';
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * Whether the customer has any revenue in the chart's months (else the
     * card says so instead of drawing empty axes).
     */
    hasRevenue: function () {
        return _.some(this.data.revenue.months, function (m) { return m.amount; });
    },

    _renderChart: function () {
        var self = this;
        var months = this.data.revenue.months;
        var values = _.map(months, function (m) {
            return {x: moment(m.month + '-01', 'YYYY-MM-DD').format('MMM YY'), y: m.amount};
        });
        var $svg = this.$('.o_dsa_card_chart svg');
        if (!$svg.length) {
            return;
        }
        // drawn once the card is in the page (on_attach_callback): nvd3 measures
        // the svg, and outside the page it would draw 960 x 400 and clip the
        // zero line and the month labels
        var chart = nv.models.discreteBarChart()
            .x(function (d) { return d.x; })
            .y(function (d) { return d.y; })
            .showValues(false)
            .color(['#337ab7'])
            .margin({top: 10, left: 90, bottom: 60})
            .forceY([0])
            .noData(_t('No revenue in the last 24 months.'))
            .duration(0);
        chart.tooltip.enabled(true);
        chart.tooltip.contentGenerator(function (d) {
            return '<b>' + _.escape(d.data.x) + '</b>: ' + _.escape(self.formatAmount(d.data.y));
        });
        chart.yAxis.tickFormat(function (d) { return self.formatAmount(d); });
        chart.xAxis.rotateLabels(-45);
        d3.select($svg[0]).datum([{key: _t('Revenue'), values: values}]).call(chart);
        this.chart = chart;
    },

    _onMethod: function (ev) {
        ev.preventDefault();
        var self = this;
        var method = $(ev.currentTarget).data('method');
        // the route of form buttons: it completes the returned action (its views)
        this._rpc({
            route: '/web/dataset/call_button',
            params: {model: 'res.partner', method: method, args: [[this.partnerId]]},
        }).then(function (action) {
            // a contact logged from the card shows in it as soon as the dialog closes
            self.do_action(action, {on_close: self._reload.bind(self)});
        });
    },

    _reload: function () {
        var self = this;
        return this._rpc({
            model: 'res.partner',
            method: 'dsa_card_data',
            args: [[this.partnerId]],
        }).then(function (data) {
            self.data = data;
            self.renderElement();
            self._renderChart();
        });
    },

    _onRecord: function (ev) {
        ev.preventDefault();
        var $el = $(ev.currentTarget);
        this.do_action({
            type: 'ir.actions.act_window',
            res_model: $el.data('model'),
            res_id: $el.data('id'),
            views: [[false, 'form']],
            target: 'current',
        });
    },
});

core.action_registry.add('dsa_crm.customer_card', CustomerCard);

return CustomerCard;
});
