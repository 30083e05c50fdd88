"use strict";
(function () {
  const { api } = window.ip;
  const id = document.getElementById("room").dataset.id;
  const message = document.getElementById("room-message");
  const bar = document.getElementById("room-progress");
  const errorBox = document.getElementById("room-error");
  let progress = 10;
  async function tick() {
    try {
      const room = await api("POST", `interviews/${id}/server`);
      if (!room.enabled) {
        message.textContent = room.message;
        document.getElementById("room-spinner").remove();
        return;
      }
      if (room.ready) {
        bar.style.width = "100%";
        message.textContent = "Opening JupyterLab…";
        window.location.assign(room.url);
        return;
      }
      progress = Math.min(95, progress + (100 - progress) * 0.15);
      bar.style.width = `${progress}%`;
      message.textContent = room.message;
      setTimeout(tick, 700);
    } catch (error) {
      errorBox.textContent = error.message;
      errorBox.classList.remove("d-none");
      document.getElementById("room-spinner")?.remove();
    }
  }
  tick();
})();
