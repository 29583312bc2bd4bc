// The dispatcher's map: each round's stops in order, one colour per round, numbered as in the list below it.
// The table and the lists of stops say everything on their own: the map only adds a view, and the page keeps
// working when Leaflet or the tiles cannot load.
(function () {
    var holder = document.getElementById("dispatch-map");
    var source = document.getElementById("dispatch-map-data");
    if (!holder || !source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var located = data.rounds.filter(function (round) { return round.stops.length; });
    if (!located.length) { holder.hidden = true; return; }
    var map = L.map(holder, { keyboard: false });
    L.tileLayer(data.tileUrl, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    var bounds = [];
    located.forEach(function (round) {
        var line = round.stops.map(function (stop) { return [stop.lat, stop.lon]; });
        L.polyline(line, { color: round.colour, weight: 3, opacity: 0.8 }).addTo(map);
        round.stops.forEach(function (stop) {
            var icon = L.divIcon({
                className: "dispatch-stop" + (stop.done ? " dispatch-stop-done" : ""),
                html: "<span style=\"background:" + round.colour + "\">" + stop.n + "</span>",
                iconSize: [22, 22],
                iconAnchor: [11, 11]
            });
            L.marker([stop.lat, stop.lon], { icon: icon, keyboard: false, title: round.courier + " — " + stop.label })
                .addTo(map);
            bounds.push([stop.lat, stop.lon]);
        });
    });
    map.fitBounds(bounds, { padding: [20, 20] });
})();
