// Signing in the browser: a head of delegation may keep an Ed25519 key in
// this browser instead of a key file. The private key is generated with
// WebCrypto as non-extractable, so that no script (this one included) can
// read it out; it is kept in IndexedDB, which stores the key object itself.
// Signing produces the same signed note as 'accord sign': the statement, a
// blank line, and "— <name> base64(key hash || signature)".
(function () {
  "use strict";
  const root = document.querySelector("[data-browser-signing]");
  if (!root) {
    return;
  }
  const enc = new TextEncoder();
  const status = root.querySelector("[data-status]");
  const say = (msg) => { status.textContent = msg; };
  if (!window.crypto || !crypto.subtle || !window.indexedDB) {
    say(root.dataset.msgUnsupported);
    return;
  }

  function b64(bytes) {
    let s = "";
    for (const b of bytes) {
      s += String.fromCharCode(b);
    }
    return btoa(s);
  }
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));

  // The signed-note key hash: SHA-256(name, "\n", 0x01, public key), 4 bytes.
  async function keyHash(name, pub) {
    return (await sha256(new Uint8Array([...enc.encode(name + "\n"), 1, ...pub]))).slice(0, 4);
  }

  // The fingerprint read aloud to the secretariat, as 'accord key new'
  // prints it: SHA-256 of (0x01, public key), 160 bits in Crockford base 32.
  async function fingerprint(pub) {
    const sum = (await sha256(new Uint8Array([1, ...pub]))).slice(0, 20);
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let out = "", acc = 0, bits = 0, n = 0;
    for (const c of sum) {
      acc = ((acc << 8) | c) & 0xffff;
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        if (n > 0 && n % 4 === 0) {
          out += "-";
        }
        out += alphabet[(acc >> bits) & 31];
        n++;
      }
    }
    return out;
  }

  function store(mode, fn) {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open("accord-signing", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("keys");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const req = fn(open.result.transaction("keys", mode).objectStore("keys"));
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      };
    });
  }
  const keyID = "key:" + root.dataset.state;
  const load = () => store("readonly", (s) => s.get(keyID));
  const save = (k) => store("readwrite", (s) => s.put(k, keyID));

  function show(k) {
    root.querySelector("[data-vkey]").textContent = k ? k.vkey : "";
    root.querySelector("[data-fingerprint]").textContent = k ? k.fingerprint : "";
    root.querySelector("[data-key]").hidden = !k;
    root.querySelector("[data-sign]").disabled = !k;
  }

  root.querySelector("[data-generate]").addEventListener("click", async () => {
    try {
      const name = root.dataset.keyName;
      const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
      const pub = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
      const hash = await keyHash(name, pub);
      const k = {
        name: name,
        hash: hash,
        vkey: name + "+" + hex(hash) + "+" + b64([1, ...pub]),
        fingerprint: await fingerprint(pub),
        privateKey: pair.privateKey,
      };
      await save(k);
      show(k);
      say(root.dataset.msgGenerated);
    } catch (e) {
      say(root.dataset.msgUnsupported + " (" + e + ")");
    }
  });

  root.querySelector("[data-sign]").addEventListener("click", async () => {
    try {
      const k = await load();
      if (!k) {
        say(root.dataset.msgNoKey);
        return;
      }
      const res = await fetch("/documents/" + root.dataset.document + "/statement", { credentials: "same-origin" });
      if (!res.ok) {
        throw new Error(res.status + " " + res.statusText);
      }
      const text = await res.text();
      const sig = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, k.privateKey, enc.encode(text)));
      const form = document.getElementById("signature").form;
      document.getElementById("signature").value = text + "\n\u2014 " + k.name + " " + b64([...k.hash, ...sig]) + "\n";
      form.submit();
    } catch (e) {
      say(String(e));
    }
  });

  load().then(show, () => show(null));
})();
