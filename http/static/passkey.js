// Passkeys: registration on the account page and passwordless sign-in on the
// sign-in page. The pages work without this file; it only reveals the
// passkey controls when the browser supports WebAuthn, and runs the two
// ceremonies against the JSON API. The server keeps the ceremony's key in an
// HttpOnly cookie, so this script never sees it.
"use strict";

(function () {
  if (!window.PublicKeyCredential || !navigator.credentials) {
    return; // the controls stay hidden
  }

  // WebAuthn speaks ArrayBuffers; JSON carries them as base64url.
  function toBase64url(buffer) {
    const bytes = new Uint8Array(buffer);
    let s = "";
    for (const b of bytes) {
      s += String.fromCharCode(b);
    }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(text) {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const s = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      bytes[i] = s.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function withCredentialIDs(list) {
    return (list || []).map(function (c) {
      return Object.assign({}, c, { id: fromBase64url(c.id) });
    });
  }

  // post sends fields as JSON to the API and returns the parsed answer, or
  // throws the server's message.
  async function post(path, fields) {
    const res = await fetch("/api/v1" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(fields || {}),
      credentials: "same-origin",
    });
    let body = {};
    try {
      body = await res.json();
    } catch (e) {
      // an empty or non-JSON answer; the status says enough
    }
    if (!res.ok) {
      throw new Error((body.error && body.error.message) || "The server refused the request (" + res.status + ").");
    }
    return body;
  }

  function explain(err) {
    if (err && err.name === "NotAllowedError") {
      return "The passkey request was cancelled or timed out.";
    }
    if (err && err.name === "InvalidStateError") {
      return "This device already holds a passkey for your account.";
    }
    return (err && err.message) || "Something went wrong.";
  }

  function showError(box, err) {
    const p = box.querySelector("[data-passkey-error]");
    p.textContent = explain(err);
    p.hidden = false;
  }

  async function signIn(box) {
    const begun = await post("/login/passkey/begin");
    const options = begun.options.publicKey;
    options.challenge = fromBase64url(options.challenge);
    options.allowCredentials = withCredentialIDs(options.allowCredentials);
    const cred = await navigator.credentials.get({ publicKey: options });
    const r = cred.response;
    const credential = {
      id: cred.id,
      rawId: toBase64url(cred.rawId),
      type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      response: {
        clientDataJSON: toBase64url(r.clientDataJSON),
        authenticatorData: toBase64url(r.authenticatorData),
        signature: toBase64url(r.signature),
        userHandle: r.userHandle ? toBase64url(r.userHandle) : undefined,
      },
      clientExtensionResults: cred.getClientExtensionResults(),
    };
    const next = document.querySelector("form[action='/login'] input[name='next']");
    const done = await post("/login/passkey/finish", {
      credential: JSON.stringify(credential),
      next: next ? next.value : "/",
    });
    window.location.assign(done.next || "/");
  }

  async function register(box, name) {
    const begun = await post("/account/passkeys/begin");
    const options = begun.options.publicKey;
    options.challenge = fromBase64url(options.challenge);
    options.user.id = fromBase64url(options.user.id);
    options.excludeCredentials = withCredentialIDs(options.excludeCredentials);
    const cred = await navigator.credentials.create({ publicKey: options });
    const r = cred.response;
    const credential = {
      id: cred.id,
      rawId: toBase64url(cred.rawId),
      type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      response: {
        clientDataJSON: toBase64url(r.clientDataJSON),
        attestationObject: toBase64url(r.attestationObject),
        transports: typeof r.getTransports === "function" ? r.getTransports() : [],
      },
      clientExtensionResults: cred.getClientExtensionResults(),
    };
    await post("/account/passkeys/finish", { credential: JSON.stringify(credential), name: name });
    // A reload, not a jump to #passkeys, which would not show the new one.
    window.location.assign("/account");
  }

  const login = document.querySelector("[data-passkey='login']");
  if (login) {
    login.hidden = false;
    const button = login.querySelector("button");
    button.addEventListener("click", function () {
      button.disabled = true;
      signIn(login).catch(function (err) {
        showError(login, err);
        button.disabled = false;
      });
    });
  }

  const add = document.querySelector("[data-passkey='register']");
  if (add) {
    add.hidden = false;
    const form = add.querySelector("form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const button = form.querySelector("button");
      button.disabled = true;
      register(add, form.elements.name.value).catch(function (err) {
        showError(add, err);
        button.disabled = false;
      });
    });
  }
})();
