"""OpenSearch: the index carries the mapping from search/, and a bulk of documents is searchable."""

import json

import requests

from tracker_cli import ROOT

ALIAS = "user-post-events"


def test_index_has_the_mapping_from_search_folder(infra):
    expected = json.loads((ROOT / "search" / "user-post-events.v1.json").read_text())
    got = requests.get(f"{infra.search_url}/{ALIAS}/_mapping", timeout=10).json()
    assert list(got) == ["user-post-events-v1"]  # the alias points at the versioned index
    mapping = got["user-post-events-v1"]["mappings"]
    assert mapping["dynamic"] == "strict"
    assert mapping["properties"] == expected["mappings"]["properties"]
    settings = requests.get(f"{infra.search_url}/{ALIAS}/_settings", timeout=10).json()
    assert settings["user-post-events-v1"]["settings"]["index"]["number_of_replicas"] == "0"


def test_bulk_100_documents_searchable_after_refresh(infra):
    lines = []
    for i in range(100):
        lines.append(json.dumps({"index": {"_index": ALIAS, "_id": f"bulk-{i}"}}))
        lines.append(json.dumps({
            "event_id": f"bulk-{i}", "event_type": "post_created", "user_id": f"u-{i % 7}",
            "timestamp": 1732600000000 + i, "post_id": f"p-{i}",
            "title": f"post number {i}", "content": "kafka and opensearch" if i % 2 else "postgres",
            "tags": "demo", "extra_data": {"title": f"post number {i}"}}))
    body = "\n".join(lines) + "\n"
    r = requests.post(f"{infra.search_url}/_bulk", data=body,
                      headers={"Content-Type": "application/x-ndjson"}, timeout=30)
    assert r.status_code == 200
    assert r.json()["errors"] is False
    requests.post(f"{infra.search_url}/{ALIAS}/_refresh", timeout=10).raise_for_status()
    # Only this test's documents: the session's consumer indexes other tests' posts alongside.
    mine = {"prefix": {"event_id": "bulk-"}}
    count = requests.post(f"{infra.search_url}/{ALIAS}/_count", timeout=10,
                          json={"query": mine}).json()["count"]
    assert count == 100
    hits = requests.post(f"{infra.search_url}/{ALIAS}/_search", timeout=10,
                         json={"query": {"bool": {"filter": [mine],
                                                  "must": [{"match": {"content": "opensearch"}}]}},
                               "size": 0, "track_total_hits": True}).json()
    assert hits["hits"]["total"]["value"] == 50


def test_strict_mapping_rejects_unknown_field(infra):
    r = requests.put(f"{infra.search_url}/{ALIAS}/_doc/strict-1", timeout=10,
                     json={"event_id": "strict-1", "not_in_mapping": 1})
    assert r.status_code == 400
    assert r.json()["error"]["type"] == "strict_dynamic_mapping_exception"
