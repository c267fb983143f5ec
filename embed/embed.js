/*
 * Roundtrip's frame, host side: sizes each lesson iframe to its content, on
 * any page. (The file keeps the name `embed.js`: host pages load it by it.)
 *
 *   <iframe src="https://example.edu/lessons/what-is-back-end/" data-roundtrip
 *     title="What is Back End Engineering?" allow="fullscreen"
 *     style="width: 100%; height: 40rem; border: 0"></iframe>
 *   <script src="https://example.edu/lessons/what-is-back-end/embed.js" async></script>
 *
 * Only iframes marked `data-roundtrip` are sized, and only by a message that
 * comes from that very iframe's window: nothing else on the page can resize
 * itself through this script.
 */
(function () {
  "use strict";
  if (window.roundtripEmbed || !window.postMessage || !window.addEventListener) {
    return;
  }
  window.roundtripEmbed = true;

  var MAX_HEIGHT = 100000;

  function frames() {
    return document.querySelectorAll("iframe[data-roundtrip]");
  }

  function frameOf(source) {
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      if (source && list[i].contentWindow === source) {
        return list[i];
      }
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.roundtrip !== 1 || data.event !== "resize") {
      return;
    }
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height) || height <= 0 || height > MAX_HEIGHT) {
      return;
    }
    var frame = frameOf(event.source);
    if (frame) {
      frame.style.height = Math.ceil(height) + "px";
    }
  });

  // Lessons that loaded before this script told their height to no one: ask.
  var list = frames();
  for (var i = 0; i < list.length; i++) {
    if (list[i].contentWindow) {
      list[i].contentWindow.postMessage({ roundtrip: 1, event: "hello" }, "*");
    }
  }
})();
