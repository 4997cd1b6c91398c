// Storefront WhatsApp opt-in: posts the phone, the consent box and the exact consent text through the app
// proxy (/apps/whatsapp/optin; Shopify signs the request and adds the logged-in customer), and shows the
// app's answer — the confirmation or the reason it could not be accepted.
// Click tracking: a page opened from a WhatsApp message's button carries r=<recipient>&rk=<signature>; the
// visit is reported once per ref to /apps/whatsapp/click (app/routes/proxy.click.tsx). The app counts each ref
// once anyway; the localStorage guard only saves requests on reloads and later pages.
(function () {
  if (window.__waOptInLoaded) return;
  window.__waOptInLoaded = true;

  function reportClick() {
    var params;
    try {
      params = new URLSearchParams(window.location.search);
    } catch (e) {
      return;
    }
    var r = params.get("r");
    var rk = params.get("rk");
    if (!r || !rk || !/^[1-9][0-9]{0,17}$/.test(r) || !/^[A-Za-z0-9_-]{1,64}$/.test(rk)) return;
    // Automated browsers (headless crawlers) are not a person's click.
    if (navigator.webdriver) return;
    var key = "wa-click:" + r;
    var storage = null;
    try {
      storage = window.localStorage;
      if (storage.getItem(key)) return;
      storage.setItem(key, String(Date.now()));
    } catch (e) {
      storage = null; // storage blocked: report anyway, the app counts the ref once
    }
    var forget = function () {
      try {
        if (storage) storage.removeItem(key);
      } catch (e) {
        /* nothing to undo */
      }
    };
    fetch("/apps/whatsapp/click", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      keepalive: true,
      body: JSON.stringify({ r: r, rk: rk, ua: navigator.userAgent }),
    })
      .then(function (res) {
        // Retry on a later page when the app could not take it (not for a refused body: that would repeat).
        if (res.status >= 500 || res.status === 429) forget();
      })
      .catch(forget);
  }
  reportClick();

  function show(form, text, ok) {
    var el = form.querySelector("[data-wa-message]");
    if (!el) return;
    el.textContent = text;
    el.hidden = false;
    el.className = "wa-optin__message " + (ok ? "wa-optin__message--ok" : "wa-optin__message--error");
  }

  // The confirm-on-WhatsApp step: a link that opens WhatsApp with the one-time code typed in; the customer sends
  // it from their own number, which proves the number is theirs (built with DOM nodes, never HTML strings).
  function showConfirm(form, body) {
    var el = form.querySelector("[data-wa-message]");
    if (!el) return;
    el.textContent = "";
    el.hidden = false;
    el.className = "wa-optin__message wa-optin__message--ok";
    var text = document.createElement("p");
    text.textContent = body.message;
    var link = document.createElement("a");
    link.href = body.link;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.className = "wa-optin__confirm";
    link.textContent = form.dataset.confirmLabel || "Open WhatsApp and send the code";
    var code = document.createElement("p");
    code.textContent = body.text;
    el.appendChild(text);
    el.appendChild(link);
    el.appendChild(code);
  }

  function submit(form, event) {
    event.preventDefault();
    var phone = form.querySelector('input[name="phone"]');
    var consent = form.querySelector('input[name="consent"]');
    var wording = form.querySelector("[data-wa-consent-text]");
    if (!phone || !phone.value.trim()) return show(form, form.dataset.errorPhone, false);
    if (!consent || !consent.checked) return show(form, form.dataset.errorConsent, false);
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    fetch(form.getAttribute("action"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({
        phone: phone.value,
        consent: true,
        wording: wording ? wording.textContent.trim() : "",
        country: form.dataset.country || "",
        page: window.location.href,
      }),
    })
      .then(function (res) {
        return res.json().then(
          function (body) {
            return { ok: res.ok, body: body };
          },
          function () {
            return { ok: false, body: {} };
          },
        );
      })
      .then(function (r) {
        if (
          r.ok &&
          r.body &&
          r.body.ok &&
          r.body.state === "confirm_on_whatsapp" &&
          /^https:\/\/wa\.me\//.test(r.body.link)
        ) {
          showConfirm(form, r.body);
          form.reset();
        } else if (r.ok && r.body && r.body.ok) {
          show(form, r.body.message, true);
          form.reset();
        } else {
          show(form, (r.body && r.body.error) || form.dataset.errorGeneric, false);
        }
      })
      .catch(function () {
        show(form, form.dataset.errorGeneric, false);
      })
      .then(function () {
        if (button) button.disabled = false;
      });
  }

  function init() {
    document.querySelectorAll("form[data-wa-optin]").forEach(function (form) {
      if (form.dataset.waBound) return;
      form.dataset.waBound = "1";
      form.addEventListener("submit", function (e) {
        submit(form, e);
      });
    });
    document.querySelectorAll("[data-wa-embed]").forEach(function (embed) {
      if (embed.dataset.waBound) return;
      embed.dataset.waBound = "1";
      var toggle = embed.querySelector("[data-wa-toggle]");
      var panel = embed.querySelector("[data-wa-panel]");
      var close = embed.querySelector("[data-wa-close]");
      function set(open) {
        panel.hidden = !open;
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) {
          var input = panel.querySelector('input[name="phone"]');
          if (input) input.focus();
        }
      }
      toggle.addEventListener("click", function () {
        set(panel.hidden);
      });
      if (close)
        close.addEventListener("click", function () {
          set(false);
        });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // The theme editor re-renders sections and blocks in place.
  document.addEventListener("shopify:section:load", init);
  document.addEventListener("shopify:block:select", init);
})();
