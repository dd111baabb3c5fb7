"""Property-based robustness: schemathesis generates GraphQL queries and mutations from the
schema (with a write key, so mutations run too) and no response may be a 500 or a masked
internal error."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from partnermap.api import create_app
from partnermap.datasets import bundled_dataset
from partnermap.store import open_store
from tests.test_api_support import WRITE_KEY, settings_for

DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.sampled_from(["2025-02-30", "31.02.2025", "2025-13-01", "", "yesterday", "0000-00-00"]),
    st.text(max_size=12),
).map(nodes.String)
schemathesis.graphql.scalar("Date", DATES)
EXAMPLES = 15
"""Generated requests per operation (about 30 operations)."""


@pytest.fixture(scope="module")
def graphql_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'api.db'}"
    with open_store(url) as store:
        store.load(bundled_dataset())
    app = create_app(settings_for(url))
    return schemathesis.graphql.from_asgi("/graphql", app, headers={"X-API-Key": WRITE_KEY})


def _operations(graphql_schema: Any) -> list[Any]:
    return [result.ok() for result in graphql_schema.get_all_operations()]


def test_no_request_gives_a_server_error(graphql_schema: Any) -> None:
    """Every query and mutation field, with generated arguments and selections."""
    operations = _operations(graphql_schema)
    labels = {op.label for op in operations}
    assert any("cooperationPath" in label for label in labels)
    assert any("loadDataset" in label for label in labels)
    checked: list[int] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(headers={"X-API-Key": WRITE_KEY})
            assert response.status_code < 500, (case.body, response.text[:2000])
            if response.status_code == 200:
                for error in response.json().get("errors") or []:
                    assert error.get("extensions", {}).get("code") != "INTERNAL_SERVER_ERROR", (
                        case.body,
                        error,
                    )
                    assert "Traceback" not in error["message"]
            checked.append(response.status_code)

        run()
    assert len(checked) >= len(operations) * 5
