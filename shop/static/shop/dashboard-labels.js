// Names for the controls Oscar's dashboard script adds without one: the product list's « select all » box.
(function () {
    function name() {
        var label = document.documentElement.lang === "en" ? "Select every product of the page" : "Sélectionner tous les produits de la page";
        var boxes = document.querySelectorAll('input[name="select_all"]');
        for (var i = 0; i < boxes.length; i++) { boxes[i].setAttribute("aria-label", label); }
    }
    if (typeof jQuery !== "undefined") {
        jQuery(function () { window.setTimeout(name, 0); });
    } else {
        document.addEventListener("DOMContentLoaded", name);
    }
})();
