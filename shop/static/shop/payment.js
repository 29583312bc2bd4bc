// Card payment on the order preview: Stripe's card Element, one PaymentIntent per order, 3-D Secure through
// confirmCardPayment. Served by Stripe.js in production and by localstripe's stripe.js in the demo and tests.
(function () {
    var form = document.getElementById("payment-form");
    if (!form || typeof Stripe === "undefined") { return; }
    var stripe = Stripe(form.dataset.publishableKey);
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
            headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": csrf },
            body: new URLSearchParams(data).toString(),
        }).then(function (response) { return response.json(); });
    }

    form.addEventListener("submit", async function (event) {
        event.preventDefault();
        button.disabled = true;
        say(form.dataset.workingMessage, false);
        try {
            var start = await post(form.dataset.startUrl, {});
            if (start.error) { return say(start.error, true); }
            var setup = await stripe.confirmCardSetup(start.setupSecret, { payment_method: { card: card } });
            if (setup.error) { return say(setup.error.message, true); }
            var pay = await post(form.dataset.confirmUrl, { attempt: start.attempt, setup_intent: start.setupIntent });
            if (pay.error) { return say(pay.error, true); }
            if (pay.action) {
                var secure = await stripe.confirmCardPayment(pay.clientSecret);
                if (secure.error) { return say(secure.error.message || form.dataset.secureFailedMessage, true); }
            }
            window.location.assign(pay.next || (form.dataset.returnUrl + "?tentative=" + start.attempt));
        } catch (error) {
            say(form.dataset.networkMessage, true);
        }
    });
})();
