/* Service worker of the field app (issue 25), served at /field/sw.js with
 * scope /field by controllers/field_app.py, which puts DSA_FIELD_SW (version,
 * shell URL, static files) before this source.
 *
 * - the shell (/field) is network-first with the cached copy as fallback: the
 *   app opens with no network;
 * - the app's static files are cache-first (their URLs carry the version);
 * - the photos (/web/image/) are network-first with the cached copy offline;
 * - the JSON API (/field/api/) is never cached: the app keeps its data in
 *   IndexedDB and queues its changes itself. */
/* global DSA_FIELD_SW */
'use strict';

var CONFIG = self.DSA_FIELD_SW || DSA_FIELD_SW;
var CACHE = 'dsa-field-' + CONFIG.version;

self.addEventListener('install', function (event) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
        // the static files must all be there; the shell is fetched with the
        // user's session (a redirect to the login page is not kept)
        return cache.addAll(CONFIG.static.concat([CONFIG.manifest])).then(function () {
            return fetch(CONFIG.shell, {credentials: 'same-origin'}).then(function (response) {
                if (response.ok && !response.redirected) {
                    return cache.put(CONFIG.shell, response);
                }
            }).catch(function () { return null; });
        });
    }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
    event.waitUntil(caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (key) {
            return key.indexOf('dsa-field-') === 0 && key !== CACHE;
        }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); }));
});

function isShell(url) {
    return url.pathname === CONFIG.shell || url.pathname === CONFIG.shell + '/';
}

function shellNetworkFirst(request) {
    return fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
            var copy = response.clone();
            caches.open(CACHE).then(function (cache) { cache.put(CONFIG.shell, copy); });
        }
        return response;
    }).catch(function () {
        return caches.open(CACHE).then(function (cache) {
            return cache.match(CONFIG.shell);
        }).then(function (cached) {
            return cached || new Response('<h1>Offline</h1>', {
                status: 503, headers: {'Content-Type': 'text/html; charset=utf-8'}});
        });
    });
}

function photoNetworkFirst(request) {
    // the photos of the interventions: kept when seen online (the app fetches
    // those of the day after each load), shown from the cache offline
    return caches.open(CACHE).then(function (cache) {
        return fetch(request).then(function (response) {
            if (response.ok && !response.redirected) {
                cache.put(request, response.clone());
            }
            return response;
        }).catch(function () {
            return cache.match(request).then(function (cached) {
                return cached || Response.error();
            });
        });
    });
}

function staticCacheFirst(request) {
    return caches.open(CACHE).then(function (cache) {
        return cache.match(request).then(function (cached) {
            if (cached) {
                return cached;
            }
            return fetch(request).then(function (response) {
                if (response.ok) {
                    cache.put(request, response.clone());
                }
                return response;
            });
        });
    });
}

self.addEventListener('fetch', function (event) {
    var request = event.request;
    if (request.method !== 'GET') {
        return;
    }
    var url = new URL(request.url);
    if (url.origin !== self.location.origin || url.pathname.indexOf('/field/api/') === 0) {
        return;  // the API and other sites: straight to the network
    }
    if (isShell(url)) {
        event.respondWith(shellNetworkFirst(request));
    } else if (url.pathname.indexOf('/web/image/') === 0) {
        event.respondWith(photoNetworkFirst(request));
    } else if (url.pathname.indexOf(CONFIG.static_prefix) === 0 ||
               url.pathname === CONFIG.manifest) {
        event.respondWith(staticCacheFirst(request));
    }
});
