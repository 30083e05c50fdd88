/* Shared helpers for the interviews service pages (no external scripts). */
"use strict";
window.ip = (function () {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content || "";
  const prefix = meta("service-prefix");
  async function api(method, path, body) {
    const headers = { "X-XSRFToken": meta("xsrf-token") };
    const init = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`${prefix}api/${path}`, init);
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error((data && data.message) || `HTTP ${response.status}`);
      error.status = response.status;
      error.data = data;
      throw error;
    }
    return data;
  }
  function announce(message) {
    const region = document.getElementById("admin-status");
    if (region) region.textContent = message;
  }
  function events(path) {
    // EventSource cannot send headers: the XSRF token travels as the _xsrf argument
    const token = encodeURIComponent(meta("xsrf-token"));
    return new EventSource(`${prefix}api/${path}?_xsrf=${token}`);
  }
  return { api, announce, prefix, events, me: meta("current-user") };
})();
