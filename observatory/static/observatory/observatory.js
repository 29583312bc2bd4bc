// The observatory's charts, drawn from the page's "observatory-charts" data (json_script): bars with Chart.js,
// the communes' map with Leaflet, the hours' heat map as a grid. Each table beside its chart holds the same
// figures and is the chart's text alternative; a secret value is a gap here, never a zero. The page reads the
// same without this script, without Chart.js or Leaflet, and without map tiles.
(function () {
    "use strict";

    document.querySelectorAll("[data-obs-print]").forEach(function (button) {
        button.addEventListener("click", function () { window.print(); });
    });

    var source = document.getElementById("observatory-charts");
    if (!source) { return; }
    var charts = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "fr";
    // Okabe and Ito's colours, told apart by colour-blind readers.
    var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#000000"];
    var formats = {
        euro: new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" }),
        euroTick: new Intl.NumberFormat(lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }),
        count: new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }),
        number: new Intl.NumberFormat(lang, { maximumFractionDigits: 2 })
    };

    function format(value, unit) {
        if (value === null || value === undefined) { return ""; }
        return (formats[unit] || formats.number).format(value);
    }

    function bars(data) {
        var canvas = document.getElementById("chart-" + data.code);
        if (!canvas || typeof Chart === "undefined") { return; }
        var box = canvas.parentElement;
        var height = Math.max(180, 40 + data.labels.length * (14 + 12 * data.datasets.length));
        box.style.height = Math.min(height, 900) + "px";
        var secondary = data.datasets.some(function (set) { return set.axis === "y1"; });
        // Whole euros on the axis (the tooltips and the table give the cents).
        var tickUnit = data.unit === "mixed" ? "number" : (data.unit === "euro" ? "euroTick" : data.unit);
        var scales = {
            y: { ticks: { autoSkip: false } },
            x: {
                beginAtZero: true,
                ticks: { precision: data.unit === "count" ? 0 : undefined, callback: function (v) { return format(v, tickUnit); } }
            }
        };
        if (secondary) {
            scales.x1 = { beginAtZero: true, position: "top", grid: { drawOnChartArea: false } };
        }
        new Chart(canvas, {
            type: "bar",
            data: {
                labels: data.labels,
                datasets: data.datasets.map(function (set, index) {
                    return {
                        label: set.label,
                        data: set.data,
                        xAxisID: set.axis === "y1" ? "x1" : "x",
                        backgroundColor: PALETTE[index % PALETTE.length],
                        borderWidth: 0
                    };
                })
            },
            options: {
                indexAxis: "y",
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                scales: scales,
                plugins: {
                    legend: { position: "bottom" },
                    tooltip: {
                        callbacks: {
                            label: function (item) {
                                return item.dataset.label + " : " + format(item.raw, data.unit === "mixed" ? "number" : data.unit);
                            }
                        }
                    }
                }
            }
        });
    }

    function heatmap(data) {
        var holder = document.getElementById("chart-" + data.code);
        if (!holder) { return; }
        var highest = 0;
        data.values.forEach(function (row) {
            row.forEach(function (value) { if (value !== null && value > highest) { highest = value; } });
        });
        var grid = document.createElement("div");
        grid.className = "obs-heat-grid";
        grid.style.gridTemplateColumns = "auto repeat(" + data.columns.length + ", 1fr)";
        function cell(text, className, title) {
            var element = document.createElement("div");
            element.className = className;
            element.textContent = text;
            if (title) { element.title = title; }
            grid.appendChild(element);
            return element;
        }
        cell("", "obs-heat-corner");
        data.columns.forEach(function (label) { cell(label, "obs-heat-head"); });
        data.rows.forEach(function (label, r) {
            cell(label, "obs-heat-head obs-heat-row");
            data.values[r].forEach(function (value, c) {
                if (value === null) {
                    cell("", "obs-heat-cell obs-heat-secret", data.rows[r] + ", " + data.columns[c] + " : " + data.texts[r][c]);
                    return;
                }
                var share = highest ? value / highest : 0;
                var element = cell(value ? format(value, "count") : "", "obs-heat-cell", data.rows[r] + ", " + data.columns[c] + " : " + data.texts[r][c]);
                element.style.backgroundColor = "rgba(0, 114, 178, " + (0.08 + 0.92 * share).toFixed(2) + ")";
                if (share > 0.5) { element.classList.add("obs-heat-dark"); }
            });
        });
        holder.appendChild(grid);
    }

    function communes(data) {
        var holder = document.getElementById("chart-" + data.code);
        if (!holder) { return; }
        var located = data.points.filter(function (point) { return point.lat !== null && point.lon !== null; });
        if (typeof L === "undefined" || !located.length) { holder.hidden = true; return; }
        // Not a keyboard stop: the table beside it is the way to read the figures.
        var map = L.map(holder, { keyboard: false, zoomControl: false, scrollWheelZoom: false, attributionControl: false });
        L.tileLayer(data.tileUrl, { maxZoom: 18 }).addTo(map);
        var highest = 0;
        located.forEach(function (point) { if (point.value !== null && point.value > highest) { highest = point.value; } });
        var bounds = [];
        located.forEach(function (point) {
            var secret = point.value === null;
            var radius = secret || !highest ? 6 : Math.max(4, 30 * Math.sqrt(point.value / highest));
            L.circleMarker([point.lat, point.lon], secret
                ? { radius: radius, color: "#555555", weight: 2, dashArray: "3 3", fillOpacity: 0.1 }
                : { radius: radius, color: "#0072B2", weight: 1, fillColor: "#0072B2", fillOpacity: 0.55 })
                .bindTooltip(point.name + " : " + (secret ? data.secret + " (" + point.text + ")" : point.text))
                .addTo(map);
            bounds.push([point.lat, point.lon]);
        });
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
        var credit = document.createElement("p");
        credit.className = "small text-muted mb-0";
        credit.textContent = "© OpenStreetMap";
        holder.insertAdjacentElement("afterend", credit);
    }

    Object.keys(charts).forEach(function (code) {
        var data = charts[code];
        try {
            if (data.kind === "map") { communes(data); }
            else if (data.kind === "heatmap") { heatmap(data); }
            else if (data.labels && data.labels.length) { bars(data); }
        } catch (error) {
            if (window.console) { console.error("observatory chart " + code, error); }
        }
    });
})();
