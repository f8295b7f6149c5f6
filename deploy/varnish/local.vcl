# What differs per machine: where the app listens, and who may purge. Tests and
# `make serve` write their own local.vcl, found first through varnishd's vcl_path.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}
