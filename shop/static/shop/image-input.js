// Oscar's image widget: the preview of a chosen picture hides the upload button beside it, an unreadable file
// shows it again and says so. Oscar did it with inline handlers, which the Content-Security-Policy refuses. The
// button is found beside the picture, not by id: Oscar's dashboard.js clones the widget and renumbers the ids.
// The widget includes this file once per image field: the listeners are added once.
(function () {
    if (window.comptoirImageInput) { return; }
    window.comptoirImageInput = true;
    function uploadButton(image) {
        if (!image.matches || !image.matches(".image-input img[data-error-message]")) { return null; }
        return image.closest(".image-input").querySelector("button[id^='upload_button_']");
    }
    // load and error do not bubble: they are caught on their way down.
    document.addEventListener("load", function (event) {
        var button = uploadButton(event.target);
        if (button) { button.style.display = "none"; }
    }, true);
    document.addEventListener("error", function (event) {
        var button = uploadButton(event.target);
        if (button && event.target.getAttribute("src")) {
            button.style.display = "";
            window.alert(event.target.getAttribute("data-error-message"));
        }
    }, true);
})();
