"""The JSON API under `/api/v1/`, its OpenAPI document and docs page (docs/api.md).

Built with django-ninja: the endpoints' typed schemas (pydantic) generate the OpenAPI 3
document, so the document cannot drift from the code; and it is a thin layer over plain
functions, which suits an app whose logic lives in services and querysets (Django REST
framework with drf-spectacular would bring serializers, viewsets and a second schema layer
to keep in step). The API reads through the same querysets the pages use and (next) writes
through the same services: there is no second path to the data.
"""
