from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context), response
