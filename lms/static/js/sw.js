// The service worker of 班前五分钟, served from the site's root so that its scope covers /review.
// The session page is asked of the network first (it changes each day) and taken from the cache when there is no
// connection; the app's files have content-hashed names, so a cached copy is always the right one. Answers are
// not handled here: the page queues them itself and sends them when the connection returns.
var CACHE = "review-v1";
var PAGE = "/review";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === PAGE) event.respondWith(networkFirst(request));
  else if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/manifest.webmanifest") event.respondWith(cacheFirst(request));
});

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(PAGE, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(PAGE, {ignoreVary: true}).then(function (cached) { return cached || Response.error(); });
  });
}

function cacheFirst(request) {
  return caches.match(request, {ignoreVary: true}).then(function (cached) {
    return cached || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}
