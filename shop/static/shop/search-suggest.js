// Suggestions as one types in the header's search field: the browser's own list (a <datalist>), filled from
// /search/suggestions/. Without JavaScript, or when the endpoint does not answer, the field stays a plain search.
(function () {
    var input = document.getElementById("site-search");
    var list = document.getElementById("site-search-suggestions");
    if (!input || !list || !window.fetch) { return; }
    var url = input.getAttribute("data-suggestions-url");
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
            var text = input.value.trim();
            if (text.length < 2 || text === last) { return; }
            last = text;
            fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (data) {
                    if (!data || input.value.trim() !== text) { return; }
                    list.textContent = "";
                    data.products.concat(data.merchants).forEach(function (item) {
                        var option = document.createElement("option");
                        option.value = item.label;
                        list.appendChild(option);
                    });
                })
                .catch(function () {});
        }, 150);
    });
})();
