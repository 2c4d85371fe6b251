"""Administrators read projects in the admin; they change them on the site's own pages."""

from django.contrib.auth import get_user_model


def test_an_administrator_reads_a_project_in_the_admin(client, project):
    admin = get_user_model().objects.create_superuser(username="root", email="root@example.org", password="pw")
    client.force_login(admin)
    assert client.get("/admin/projects/improvementproject/").status_code == 200
    page = client.get(f"/admin/projects/improvementproject/{project.pk}/change/")
    assert page.status_code == 200
    assert client.get("/admin/projects/improvementproject/add/").status_code == 403
