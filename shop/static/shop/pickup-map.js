// Map of the proposed contact points. The list beside it is complete on its own: the map only adds a view,
// and the page keeps working when Leaflet or the tiles cannot load.
(function () {
    var holder = document.getElementById("pickup-map");
    var source = document.getElementById("pickup-map-data");
    if (!holder || !source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (!data.points.length) { holder.hidden = true; return; }
    var map = L.map(holder, { keyboard: false });
    L.tileLayer(data.tileUrl, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    var bounds = [];
    if (data.origin) {
        L.circleMarker(data.origin, { radius: 6, color: "#1d4e89" }).addTo(map).bindTooltip((window.comptoirMapLabels || {}).origin || "Votre adresse");
        bounds.push(data.origin);
    }
    data.points.forEach(function (point) {
        var marker = L.marker([point.lat, point.lon], { title: point.name, keyboard: false }).addTo(map);
        marker.on("click", function () {
            var radio = document.getElementById("point-" + point.id);
            if (radio) { radio.checked = true; radio.focus(); }
        });
        bounds.push([point.lat, point.lon]);
    });
    map.fitBounds(bounds, { padding: [30, 30] });
})();
