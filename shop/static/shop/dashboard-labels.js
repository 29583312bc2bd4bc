// Names for what Oscar's dashboard renders without one (WCAG 4.1.2), in the page's language:
// - the product list's « select all » box, which Oscar's script adds;
// - the row boxes and the quantity fields of its tables (orders, order lines, customers, categories): each is named
//   after its column and its row's first words;
// - the sort links of its tables' blank headers (the box column, the actions column), which name nothing: unwrapped;
// - the links of an empty order status (« Sans état »);
// - its tabs, which a tab list holds as bare list items and links: roles « presentation » and « tab ».
(function () {
    var english = document.documentElement.lang === "en";
    var words = english
        ? { all: "Select every product of the page", row: "Select", noStatus: "No status" }
        : { all: "Sélectionner tous les produits de la page", row: "Sélectionner", noStatus: "Sans état" };

    function text(element) {
        return (element.textContent || "").replace(/\s+/g, " ").trim();
    }

    function named(control) {
        if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby") || control.closest("label")) {
            return true;
        }
        return Boolean(control.id && document.querySelector('label[for="' + control.id + '"]'));
    }

    function rowName(row, cell) {
        var cells = row.querySelectorAll("td, th");
        for (var i = 0; i < cells.length; i++) {
            if (cells[i] !== cell && text(cells[i])) { return text(cells[i]).slice(0, 80); }
        }
        return "";
    }

    function columnName(cell) {
        var table = cell.closest("table");
        var header = table && table.querySelector("thead tr");
        if (!header) { return ""; }
        var heading = header.children[Array.prototype.indexOf.call(cell.parentNode.children, cell)];
        return heading ? text(heading) : "";
    }

    function nameTableControls() {
        var controls = document.querySelectorAll("table td input:not([type=hidden]), table td select");
        for (var i = 0; i < controls.length; i++) {
            var control = controls[i];
            if (named(control)) { continue; }
            var cell = control.closest("td");
            var row = rowName(control.closest("tr"), cell);
            var column = columnName(cell);
            var label = control.type === "checkbox" ? words.row + (row ? " : " + row : "") : [column, row].filter(Boolean).join(" — ");
            control.setAttribute("aria-label", label || words.row);
        }
    }

    function unwrapBlankSortLinks() {
        var links = document.querySelectorAll("table th a");
        for (var i = 0; i < links.length; i++) {
            if (!text(links[i]) && !links[i].querySelector("img[alt]:not([alt=''])")) {
                links[i].replaceWith.apply(links[i], Array.prototype.slice.call(links[i].childNodes));
            }
        }
    }

    function nameEmptyStatusLinks() {
        var links = document.querySelectorAll('a[href*="status="]');
        for (var i = 0; i < links.length; i++) {
            if (!text(links[i]) && !links[i].getAttribute("aria-label")) { links[i].textContent = words.noStatus; }
        }
    }

    function tabItemsArePresentation() {
        var items = document.querySelectorAll('[role="tablist"] > li');
        for (var i = 0; i < items.length; i++) { items[i].setAttribute("role", "presentation"); }
        var tabs = document.querySelectorAll('[role="tablist"] > li > a, [role="tablist"] > a');
        for (var j = 0; j < tabs.length; j++) {
            var tab = tabs[j];
            tab.setAttribute("role", "tab");
            tab.setAttribute("aria-selected", tab.classList.contains("active") ? "true" : "false");
            var target = (tab.getAttribute("href") || "").charAt(0) === "#" ? tab.getAttribute("href").slice(1) : "";
            if (target && document.getElementById(target)) { tab.setAttribute("aria-controls", target); }
        }
    }

    function name() {
        var boxes = document.querySelectorAll('input[name="select_all"]');
        for (var i = 0; i < boxes.length; i++) { boxes[i].setAttribute("aria-label", words.all); }
        nameTableControls();
        unwrapBlankSortLinks();
        nameEmptyStatusLinks();
        tabItemsArePresentation();
    }

    if (typeof jQuery !== "undefined") {
        jQuery(function () { window.setTimeout(name, 0); });
    } else {
        document.addEventListener("DOMContentLoaded", name);
    }
})();
