// The resident's signature, drawn with a finger or a mouse on the helper's screen, written into the form as SVG
// path data (« M x y L x y … ») in the canvas's own 600 × 200 units.
(function () {
    var canvas = document.getElementById("signature-pad");
    var input = document.getElementById("signature-input");
    if (!canvas || !input) { return; }
    var context = canvas.getContext("2d");
    var path = [];
    var drawing = false;
    context.lineWidth = 3;
    context.lineCap = "round";
    context.strokeStyle = "#1e1e1e";

    function point(event) {
        var box = canvas.getBoundingClientRect();
        var x = Math.round((event.clientX - box.left) * canvas.width / box.width);
        var y = Math.round((event.clientY - box.top) * canvas.height / box.height);
        return [Math.max(0, Math.min(canvas.width, x)), Math.max(0, Math.min(canvas.height, y))];
    }

    canvas.addEventListener("pointerdown", function (event) {
        drawing = true;
        canvas.setPointerCapture(event.pointerId);
        var p = point(event);
        path.push("M " + p[0] + " " + p[1]);
        context.beginPath();
        context.moveTo(p[0], p[1]);
        event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
        if (!drawing) { return; }
        var p = point(event);
        path.push("L " + p[0] + " " + p[1]);
        context.lineTo(p[0], p[1]);
        context.stroke();
        input.value = path.join(" ");
    });
    function stop() { drawing = false; }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    document.getElementById("signature-clear").addEventListener("click", function () {
        path = [];
        input.value = "";
        context.clearRect(0, 0, canvas.width, canvas.height);
    });
})();
