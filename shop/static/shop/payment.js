// Card payment on the order preview: Stripe's card Element, one PaymentIntent per order, 3-D Secure through
// confirmCardPayment. Served by Stripe.js in production and by localstripe's stripe.js in the demo and tests.
// Every step answers JSON; whatever happens to the card, the server hears of it, so that a refused card gives
// the basket back at once and the resident can pay again from this page.
(function () {
    var form = document.getElementById("payment-form");
    if (!form || typeof Stripe === "undefined") { return; }
    var stripe = Stripe(form.dataset.publishableKey, { locale: document.documentElement.lang || "fr" });
    var card = stripe.elements().create("card", { hidePostalCode: true });
    card.mount("#card-element");
    var button = document.getElementById("pay-button");
    var status = document.getElementById("payment-status");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

    function say(message, isError) {
        status.textContent = message;
        status.className = isError ? "alert alert-danger" : "alert alert-info";
        status.hidden = false;
        if (isError) { button.disabled = false; status.focus(); }
    }

    function post(url, data) {
        data.csrfmiddlewaretoken = csrf;
        return fetch(url, {
            method: "POST",
            credentials: "same-origin",
            headers: {
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": csrf,
            },
            body: new URLSearchParams(data).toString(),
        }).then(function (response) { return response.json(); });
    }

    form.addEventListener("submit", async function (event) {
        event.preventDefault();
        button.disabled = true;
        say(form.dataset.workingMessage, false);
        try {
            var start = await post(form.dataset.startUrl, {});
            if (start.next) { return window.location.assign(start.next); }
            if (start.error && start.retry) {
                // The delivery slot filled meanwhile: back to the slot choice, which says so.
                say(start.error, true);
                return window.location.assign(start.retry);
            }
            if (start.error) { return say(start.error, true); }
            var step = { attempt: start.attempt, setup_intent: start.setupIntent };
            // A card refused when saved is reported too: the server records why and gives the basket back.
            await stripe.confirmCardSetup(start.setupSecret, { payment_method: { card: card } });
            var pay = await post(form.dataset.confirmUrl, step);
            if (pay.action) {
                var secure = await stripe.confirmCardPayment(pay.clientSecret);
                if (secure.error) {
                    var after = await post(form.dataset.confirmUrl, step);
                    return say(after.error || form.dataset.secureFailedMessage, true);
                }
                pay = await post(form.dataset.confirmUrl, step);
            }
            if (pay.error) { return say(pay.error, true); }
            window.location.assign(pay.next || (form.dataset.returnUrl + "?tentative=" + start.attempt));
        } catch (error) {
            say(form.dataset.networkMessage, true);
        }
    });
})();
