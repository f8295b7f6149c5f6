# The HTTP cache in front of the site. The app decides what may be shared and for how
# long (Cache-Control, Vary, ETag) and names what each page shows (the xkey header);
# this file carries that out, and drops pages by name when the app says they changed.
# How to run it: README.md beside this file.
vcl 4.1;

import std;
import xkey;

# The app's health check. While it fails, readers get the stale copies kept for
# stale-if-error instead of errors. Named "default" so it applies to the backend that
# local.vcl declares, whoever writes that file.
probe default {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
    # Healthy from the start: the first requests need not wait for three probes.
    .initial = 3;
}

# What differs per machine: `backend default` (the app) and `acl purgers` (who may
# purge). Found through varnishd's vcl_path, so tests and `make serve` put their own first.
include "local.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            # Hard, not soft: the app purges after the change commits, and no reader may
            # see the old page after that (a soft purge would still serve it in grace).
            return (synth(200, "Purged " + xkey.purge(req.http.xkey-purge) + " objects"));
        }
        # Without tags: the one address.
        return (purge);
    }

    # One stored copy per page: tracking parameters do not change it, order does not.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]$", "");
    }
    set req.url = std.querysort(req.url);

    # A session, a CSRF token or a flash message: a page for one person. Straight to the
    # app, never looked up nor stored.
    if (req.http.Cookie ~ "(^|;)\s*(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Other cookies (analytics and the like) mean nothing to the app; without them the
    # page can come from the cache (the built-in rules below pass any request with one).
    if (req.method == "GET" || req.method == "HEAD") {
        unset req.http.Cookie;
    }

    if (req.restarts > 0) {
        # Sent back by vcl_hit: the stored copy is too stale for a healthy app.
        set req.grace = 0s;
    }
    # Varnish's built-in vcl_recv follows: Host, methods other than GET and HEAD, Authorization.
}

sub vcl_hit {
    # Copies are kept past their s-maxage for as long as stale-if-error allows. While the
    # app is healthy, a stale one is served (and refreshed in the background) only within
    # its stale-while-revalidate window; past that, this reader waits for a fresh page.
    if (obj.ttl + std.duration(obj.http.x-stale-while-revalidate, 0s) < 0s
        && std.healthy(req.backend_hint)) {
        return (restart);
    }
}

sub vcl_backend_response {
    # Only what the app marks is stored: Varnish would otherwise keep a response without
    # Cache-Control or Expires for default_ttl (2 minutes).
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.ttl = 0s;
    }
    # Text shrinks about 15 times: stored gzipped, unzipped for the rare client without gzip.
    if (beresp.http.Content-Type ~ "^(text/|application/([a-z.+-]+\+)?(xml|json|javascript))"
        && !beresp.http.Content-Encoding) {
        set beresp.do_gzip = true;
    }

    # Varnish's own rules decide whether to store: not a response that sets a cookie, nor
    # one marked private, no-cache or no-store, nor one already stale. For those they
    # return here, so what follows is for stored copies only.
    call vcl_builtin_backend_response;

    # Varnish has read stale-while-revalidate into beresp.grace; remember that window for
    # vcl_hit, and keep the copy for stale-if-error, for when the app is down.
    set beresp.http.x-stale-while-revalidate = beresp.grace + "s";
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"),
            beresp.grace);
    }
    return (deliver);
}

sub vcl_backend_error {
    # A background refresh that failed keeps the stale copy readers are getting.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    # For people and tests: stored and reused (HIT, with its Age), fetched and stored
    # (MISS), or not storable (PASS: a session, a cookie set, private).
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The tags are for purges; a purger may ask to see them.
    if (!(req.http.xkey-debug && client.ip ~ purgers)) {
        unset resp.http.xkey;
    }
    unset resp.http.x-stale-while-revalidate;
}
