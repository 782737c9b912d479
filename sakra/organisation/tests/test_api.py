from sakra.accounts.services import create_api_token


def test_units_list_gives_parents_without_a_query_per_row(
    client, org, django_assert_max_num_queries
):
    client.force_login(org.user())
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/units")
    assert response.status_code == 200
    items = {item["name"]: item for item in response.json()["items"]}
    assert items["Alfa enhet 1"]["parent_id"] == org.alfa_dept.pk
    assert items["Region"]["parent_id"] is None


def test_unit_detail_and_404(client, org):
    client.force_login(org.user())
    assert client.get(f"/api/v1/units/{org.alfa.pk}").json()["parent_id"] == org.region.pk
    assert client.get("/api/v1/units/999999").status_code == 404


def test_reference_data_with_a_bearer_token(client, org):
    _token, plain = create_api_token(org.user(), "test")
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/sites", headers=headers).json()["count"] == 2
    areas = client.get("/api/v1/security-areas", headers=headers).json()["items"]
    assert {area["name_sv"] for area in areas} == {"Hot och våld", "Brand"}


def test_anonymous_gets_401(client, db):
    for path in ("/api/v1/units", "/api/v1/sites", "/api/v1/security-areas", "/api/v1/me"):
        assert client.get(path).status_code == 401
