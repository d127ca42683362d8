odoo.define('dsa_base.portal_cards', function (require) {
'use strict';

require('web.dom_ready');

/**
 * The portal's tables read as cards on a phone (portal_cards.less): each cell
 * carries the name of its column, shown before the value once the header row
 * is hidden below tablet width. Only the names are copied here; the layout is
 * CSS, so the desktop table is untouched.
 */
function labelCells(table) {
    var labels = $(table).find('> thead th').map(function () {
        return $(this).text().trim();
    }).get();
    if (!labels.length) {
        return;
    }
    $(table).addClass('o_dsa_cards');
    $(table).find('> tbody > tr').each(function () {
        $(this).children('td').each(function (index) {
            var label = labels[index];
            if (label && !this.hasAttribute('data-label')) {
                this.setAttribute('data-label', label);
            }
        });
    });
}

$('.o_portal_wrap table.table').each(function () {
    labelCells(this);
});

return {labelCells: labelCells};
});
