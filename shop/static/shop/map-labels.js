// Leaflet's own words (its zoom buttons' titles) in the page's language, from the labels the page gives
// (templates/shop/partials/leaflet.html); the maps' scripts read the same labels for their own words.
(function () {
    var source = document.getElementById("map-labels");
    if (!source || typeof L === "undefined") { return; }
    var labels = JSON.parse(source.textContent);
    window.comptoirMapLabels = labels;
    L.Control.Zoom.prototype.options.zoomInTitle = labels.zoomIn;
    L.Control.Zoom.prototype.options.zoomOutTitle = labels.zoomOut;
    L.Control.Attribution.prototype.options.prefix = false;
})();
