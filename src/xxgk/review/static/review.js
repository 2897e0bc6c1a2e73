// xxgk review: pick a cell, see where it stands in the document, set or confirm it. Plain JavaScript, no library.
"use strict";
(function () {
  const token = document.querySelector('meta[name="xxgk-token"]').content;
  const head = document.getElementById("head");
  if (!head) return; // the queue page needs no script
  const file = head.dataset.file;
  const panel = document.getElementById("panel");
  const message = document.getElementById("message");
  let current = null;

  function say(text, bad) {
    message.textContent = text;
    message.className = bad ? "error" : "ok";
  }

  function marks(key) {
    return document.querySelectorAll('[data-keys~="' + CSS.escape(key) + '"]');
  }

  function light(keys, cls) {
    document.querySelectorAll("." + cls).forEach((el) => el.classList.remove(cls));
    keys.forEach((k) => {
      marks(k).forEach((el) => el.classList.add(cls));
      const cell = document.getElementById("cell-" + k);
      if (cell) cell.classList.add(cls);
    });
  }

  function fact(dl, name, value) {
    if (value === "" || value === undefined) return;
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dl.append(dt, dd);
  }

  function select(td) {
    document.querySelectorAll("td.selected").forEach((el) => el.classList.remove("selected"));
    td.classList.add("selected");
    current = td;
    const d = td.dataset;
    panel.hidden = false;
    document.getElementById("panel-title").textContent = d.key + " · " + d.label;
    const dl = document.getElementById("panel-facts");
    dl.replaceChildren();
    fact(dl, "value", d.value === "" ? "(none)" : d.value);
    fact(dl, "state", d.state);
    fact(dl, "producer", d.producer);
    fact(dl, "placed", d.placement);
    fact(dl, "confidence", d.confidence);
    fact(dl, "printed", d.raw);
    fact(dl, "line", d.line);
    fact(dl, "page", d.page);
    const cand = document.getElementById("candidates");
    cand.replaceChildren();
    if (d.candidates) {
      const label = document.createElement("span");
      label.textContent = "readings: ";
      cand.append(label);
      d.candidates.split("|").forEach((v) => {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "candidate";
        b.textContent = v === "None" ? "blank" : v;
        b.addEventListener("click", () =>
          v === "None" ? send({ value: null, state: "blank" }, "picked: blank") : send({ value: v }, "picked reading " + v));
        cand.append(b);
      });
    }
    document.getElementById("value").value = d.value;
    light([d.key], "lit");
    const first = marks(d.key)[0];
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  async function send(change, defaultNote) {
    if (!current) return;
    const note = document.getElementById("note").value || defaultNote || "";
    let value = change.value;
    if (typeof value === "string") {
      value = value.trim();
      if (value === "" || !/^\d+(\.\d+)?$/.test(value)) {
        say("a value is a number (digits, a decimal point for money)", true);
        return;
      }
      value = value.includes(".") ? Number(value) : parseInt(value, 10);
    }
    const body = { key: current.dataset.key, value: value, note: note };
    if (change.state) body.state = change.state;
    const res = await fetch("/api/correct/" + encodeURIComponent(file), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Xxgk-Token": token },
      body: JSON.stringify(body),
    });
    const data = await res.json();
    if (!res.ok) {
      say(data.error || "not saved", true);
      return;
    }
    current.dataset.value = value === null ? "" : String(value);
    current.dataset.state = body.state || (value === null ? "blank" : "number");
    current.dataset.producer = "human";
    current.textContent = value === null ? (body.state === "not_applicable" ? "/" : "") : String(value);
    current.className = "cell state-" + current.dataset.state + " by-human selected";
    const status = document.getElementById("status");
    status.textContent = data.status;
    status.className = "badge " + data.status;
    document.getElementById("reason").textContent = data.reason;
    say("saved " + body.key + " (" + data.reviewed + " cell(s) reviewed); status now " + data.status, false);
    document.getElementById("note").value = "";
  }

  document.querySelectorAll("td.cell").forEach((td) => {
    td.addEventListener("click", () => select(td));
    td.addEventListener("keydown", (e) => { if (e.key === "Enter") select(td); });
  });
  document.querySelectorAll(".identities li").forEach((li) => {
    li.addEventListener("click", () => light(li.dataset.keys.split(" "), "involved"));
  });
  document.querySelectorAll("mark.src, .box").forEach((m) => {
    m.addEventListener("click", () => {
      const td = document.getElementById("cell-" + m.dataset.keys.split(" ")[0]);
      if (td) { select(td); td.scrollIntoView({ block: "center" }); }
    });
  });
  document.getElementById("correct").addEventListener("submit", (e) => {
    e.preventDefault();
    send({ value: document.getElementById("value").value });
  });
  document.getElementById("confirm").addEventListener("click", () => {
    const d = current && current.dataset;
    if (!d) return;
    if (d.state === "number" && d.value !== "") send({ value: d.value }, "confirmed as read");
    else if (d.state === "blank" || d.state === "not_applicable") send({ value: null, state: d.state }, "confirmed as read");
    else say("nothing to confirm: pick a reading or type the value", true);
  });
  document.getElementById("blank").addEventListener("click", () => send({ value: null, state: "blank" }, "blank in the document"));
  document.getElementById("na").addEventListener("click", () => send({ value: null, state: "not_applicable" }, "not applicable in the document"));
  const gold = document.getElementById("save-gold");
  if (gold) {
    gold.addEventListener("click", async () => {
      const post = (overwrite) => fetch("/api/gold/" + encodeURIComponent(file), {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Xxgk-Token": token },
        body: JSON.stringify({ overwrite: overwrite }),
      });
      let res = await post(false);
      let data = await res.json();
      if (res.status === 409 && window.confirm(data.error + "?")) {
        res = await post(true);
        data = await res.json();
      }
      say(res.ok ? "gold written to " + data.path : data.error, !res.ok);
    });
  }
})();
