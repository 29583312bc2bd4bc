// The courier's round page. Every action form also works as a plain POST; with this script, an action is given
// its own id here, kept in localStorage and sent to the JSON API, at once when the network is there, otherwise
// when it comes back (online event, and a retry every few seconds). The server applies each id once, so an
// action sent twice (a lost answer, a page reloaded) is not applied twice.
(function () {
    "use strict";
    var root = document.getElementById("round");
    if (!root || !window.fetch || !window.localStorage || !window.JSON) { return; }
    var labels = JSON.parse(document.getElementById("round-labels").textContent);
    var api = root.getAttribute("data-api");
    var KEY = "comptoir.courier.queue." + root.getAttribute("data-round");
    var RETRY_MS = 5000;
    var sending = false;
    var reloadWhenSent = false;

    function newId() {
        if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
        var bytes = crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
        return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
    }
    function queue() { try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; } }
    function store(items) {
        try {
            localStorage.setItem(KEY, JSON.stringify(items));
        } finally {
            showQueue();
        }
    }
    function csrf() {
        var input = document.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }
    function stopItem(id) { return id ? document.querySelector('.round-stops > li[data-stop="' + id + '"]') : null; }
    function say(item, text, isError) {
        var holder = item ? item.querySelector(".stop-message") : null;
        if (!holder) {
            holder = root.querySelector(".round-queue");
            holder.hidden = false;
        }
        holder.textContent = text;
        holder.className = (holder.className.replace(/ ?text-danger/g, "")) + (isError ? " text-danger" : "");
    }
    function badge(item, text) {
        var b = item.querySelector(".stop-status");
        b.textContent = text;
        b.hidden = false;
    }
    function showQueue() {
        var box = root.querySelector(".round-queue");
        var count = queue().length;
        if (!count) { box.hidden = true; box.textContent = ""; return; }
        box.hidden = false;
        box.textContent = (count === 1 ? labels.queuedOne : labels.queuedMany.replace("%(count)s", count)) +
            (navigator.onLine ? "" : " " + labels.offline);
    }
    function setActions(item, visible) {
        var actions = item && item.querySelector(".stop-actions");
        if (actions) { actions.hidden = !visible; }
    }
    function markPending(action) {
        var item = stopItem(action.stop_id);
        if (item) {
            badge(item, labels.pending);
            item.classList.add("is-pending");
            setActions(item, false);
        } else if (action.kind === "start") {
            hide(".round-start");
        } else if (action.kind === "finish") {
            hide(".round-finish");
        }
    }
    function hide(selector) { var el = root.querySelector(selector); if (el) { el.hidden = true; } }
    function show(selector) { var el = root.querySelector(selector); if (el) { el.hidden = false; } }

    function applied(result) {
        var item = stopItem(result.stop_id);
        if (item) {
            item.classList.remove("is-pending");
            item.classList.add("text-muted");
            item.setAttribute("data-status", result.stop_status);
            badge(item, labels.status[result.stop_status] || result.stop_status);
            setActions(item, false);
            say(item, result.message, false);
        }
        root.setAttribute("data-status", result.round_status);
        root.querySelector(".round-status").textContent = labels.round[result.round_status] || result.round_status;
        if (result.kind === "start") {
            hide(".round-start");
            show(".round-finish");
            root.querySelectorAll('.round-stops > li[data-status="planned"]:not(.is-pending)').forEach(function (li) {
                setActions(li, true);
            });
        }
        if (result.kind === "finish") { hide(".round-finish"); }
        var left = root.querySelectorAll('.round-stops > li[data-status="planned"]').length;
        var counter = root.querySelector(".stops-left");
        if (counter) { counter.textContent = left === 1 ? labels.leftOne : labels.leftMany.replace("%(count)s", left); }
        if (result.kind === "fail") { reloadWhenSent = true; }  // a drop may have been added at the end
    }
    function refused(action, status, message) {
        var item = stopItem(action.stop_id);
        if (item) {
            item.classList.remove("is-pending");
            var b = item.querySelector(".stop-status");
            if (item.getAttribute("data-status") === "planned") { b.hidden = true; setActions(item, status !== 409); }
            // Done meanwhile from another request or device: the page is redrawn from the server's state.
            if (status === 409) { reloadWhenSent = true; }
        } else if (action.kind === "start") { show(".round-start"); } else if (action.kind === "finish") { show(".round-finish"); }
        say(item, message, true);
    }

    function flush() {
        if (sending) { return; }
        var items = queue();
        if (!items.length) {
            if (reloadWhenSent && navigator.onLine) { reloadWhenSent = false; window.location.reload(); }
            return;
        }
        sending = true;
        var action = items[0];
        fetch(api, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify(action)
        }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (body) {
                sending = false;
                if (response.ok) {
                    store(queue().filter(function (other) { return other.action_id !== action.action_id; }));
                    applied(body);
                    flush();
                } else if (response.status >= 400 && response.status < 500 && response.status !== 403) {
                    store(queue().filter(function (other) { return other.action_id !== action.action_id; }));
                    var text = body.detail || Object.values(body.errors || {}).join(" ") || labels.refused;
                    refused(action, response.status, text);
                    flush();
                } else {
                    // Signed out (403) or the server unwell: keep the action and try again later.
                    if (response.status === 403) { say(null, body.detail || labels.refused, true); }
                    setTimeout(flush, RETRY_MS);
                }
            });
        }, function () {
            sending = false;  // no network: the action waits in the queue
            showQueue();
        });
    }

    function readForm(form) {
        var data = new FormData(form);
        var action = { action_id: newId() };
        ["kind", "proof", "code", "scanned", "recipient_name", "reason"].forEach(function (name) {
            if (data.has(name)) { action[name] = String(data.get(name)); }
        });
        if (data.get("stop")) { action.stop_id = parseInt(data.get("stop"), 10); }
        return action;
    }
    function photoData(file) {
        // A phone photo is scaled down before it waits in localStorage (a few MB at most there).
        return new Promise(function (resolve, reject) {
            var image = new Image();
            image.onload = function () {
                var scale = Math.min(1, 1280 / Math.max(image.width, image.height));
                var canvas = document.createElement("canvas");
                canvas.width = Math.round(image.width * scale);
                canvas.height = Math.round(image.height * scale);
                canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
                URL.revokeObjectURL(image.src);
                resolve(canvas.toDataURL("image/jpeg", 0.8));
            };
            image.onerror = function () {
                // A format this browser cannot draw: sent as it is, the server says whether it takes it.
                var reader = new FileReader();
                reader.onload = function () { resolve(reader.result); };
                reader.onerror = reject;
                reader.readAsDataURL(file);
            };
            image.src = URL.createObjectURL(file);
        });
    }
    function enqueue(action, form) {
        var items = queue();
        items.push(action);
        try {
            store(items);
        } catch (full) {
            // No room left on the phone for this one (a large photo): sent as a plain form when online.
            if (navigator.onLine) { form.submit(); } else { say(form.closest(".round-stops > li"), labels.noRoom, true); }
            return;
        }
        markPending(action);
        flush();
    }

    root.querySelectorAll("form.courier-action").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            var action = readForm(form);
            var item = form.closest(".round-stops > li");
            if (action.proof === "signature") {
                var pad = form.querySelector(".signature-pad");
                if (!pad.drawn) { say(item, labels.signFirst, true); return; }
                action.signature = pad.toDataURL("image/png");
            }
            if (action.proof === "photo") {
                var file = form.querySelector("input[type=file]").files[0];
                if (!file) { say(item, labels.photoFirst, true); return; }
                photoData(file).then(function (data) { action.photo = data; enqueue(action, form); },
                    function () { say(item, labels.photoFirst, true); });
                return;
            }
            enqueue(action, form);
        });
    });

    // The signature, drawn with a finger or a stylus.
    root.querySelectorAll(".signature-form").forEach(function (form) {
        var pad = form.querySelector(".signature-pad");
        var clear = form.querySelector(".signature-clear");
        var context = pad.getContext("2d");
        var drawing = false;
        pad.hidden = false;
        clear.hidden = false;
        context.lineWidth = 2.5;
        context.lineCap = "round";
        function point(event) {
            var box = pad.getBoundingClientRect();
            return [(event.clientX - box.left) * pad.width / box.width, (event.clientY - box.top) * pad.height / box.height];
        }
        pad.addEventListener("pointerdown", function (event) {
            drawing = true;
            pad.setPointerCapture(event.pointerId);
            var p = point(event);
            context.beginPath();
            context.moveTo(p[0], p[1]);
        });
        pad.addEventListener("pointermove", function (event) {
            if (!drawing) { return; }
            var p = point(event);
            context.lineTo(p[0], p[1]);
            context.stroke();
            pad.drawn = true;
        });
        pad.addEventListener("pointerup", function () { drawing = false; });
        clear.addEventListener("click", function () {
            context.clearRect(0, 0, pad.width, pad.height);
            pad.drawn = false;
        });
    });

    // The label's QR code through the camera, where the browser can read one; typing the number always works.
    if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
        root.querySelectorAll(".scan-form").forEach(function (form) {
            var button = form.querySelector(".scan-camera");
            var video = form.querySelector(".scan-video");
            button.hidden = false;
            button.addEventListener("click", function () {
                var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
                navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
                    video.srcObject = stream;
                    video.hidden = false;
                    video.play();
                    var timer = setInterval(function () {
                        detector.detect(video).then(function (codes) {
                            if (!codes.length) { return; }
                            clearInterval(timer);
                            stream.getTracks().forEach(function (track) { track.stop(); });
                            video.hidden = true;
                            form.querySelector("input[name=scanned]").value = codes[0].rawValue;
                            form.requestSubmit();
                        });
                    }, 300);
                }, function () { say(form.closest(".round-stops > li"), labels.noCamera, true); });
            });
        });
    }

    // The round on a map, numbered in order; the list above says the same without it.
    var holder = document.getElementById("round-map");
    var mapSource = document.getElementById("round-map-data");
    if (holder && mapSource && typeof L !== "undefined") {
        var data = JSON.parse(mapSource.textContent);
        if (data.stops.length) {
            holder.hidden = false;
            var map = L.map(holder, { keyboard: false });
            L.tileLayer(data.tileUrl, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
            var path = [];
            data.stops.forEach(function (stop) {
                var icon = L.divIcon({ className: "round-marker", html: String(stop.n), iconSize: [28, 28] });
                L.marker([stop.lat, stop.lon], { icon: icon, title: stop.label, keyboard: false }).addTo(map);
                path.push([stop.lat, stop.lon]);
            });
            L.polyline(path, { color: "#1d4e89", weight: 3, opacity: 0.6 }).addTo(map);
            map.fitBounds(path, { padding: [30, 30], maxZoom: 16 });
        }
    }

    queue().forEach(markPending);
    showQueue();
    window.addEventListener("online", function () { showQueue(); flush(); });
    window.addEventListener("offline", showQueue);
    setInterval(flush, RETRY_MS);
    flush();
})();
