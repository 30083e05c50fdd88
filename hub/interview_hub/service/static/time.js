/* Show every <time data-local> in the viewer's time zone (or data-zone), with the zone name. */
"use strict";
(function () {
  function format(iso, zone, withDate = true) {
    const options = { hour: "numeric", minute: "2-digit", timeZoneName: "short" };
    if (withDate) Object.assign(options, { weekday: "short", year: "numeric", month: "short", day: "numeric" });
    if (zone) options.timeZone = zone;
    return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
  }
  function localise(root) {
    (root || document).querySelectorAll("time[data-local]").forEach((el) => {
      const iso = el.getAttribute("datetime");
      if (!iso) return;
      const zone = el.dataset.zone || undefined;
      let text = format(iso, zone);
      if (el.dataset.rangeEnd) text += ` – ${format(el.dataset.rangeEnd, zone, false)}`;
      el.textContent = text;
      el.title = new Date(iso).toISOString().replace(".000Z", "Z");
    });
  }
  window.ip = Object.assign(window.ip || {}, {
    formatTime: format,
    localise,
    viewerZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => localise());
  } else {
    localise();
  }
})();
