from django.conf import settings


def site(request):
    # site_url: canonical and social-card links name the public address, whatever host
    # header the request came with.
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # How long {% cache %} fragments are kept: their keys change with what they show.
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
        # In every fragment key, so a deploy never shows fragments of the old templates.
        "release_id": settings.RELEASE_ID,
    }
