"""Request handling shared by every page and the API."""


def utf8_requests(get_response):
    """Read every query string and form body as UTF-8, whatever charset the request declares.

    Our pages send nothing else (Django already refuses other charsets for url-encoded forms,
    not for multipart bodies or query strings). A declared charset such as `unicode_escape`
    would otherwise turn the text `\\ud800` into a lone surrogate, which no page and no
    database can encode: a 500 instead of a field error.
    """

    def middleware(request):
        if request.encoding is not None:
            request.encoding = "utf-8"
        return get_response(request)

    return middleware
