"""The write check of form fuzzing sees a kept write and forgets a rolled-back one."""

from django.db import transaction

from certification.models import Organization
from tests.factories import make_national

from .html_forms import forms_on
from .write_watch import WriteWatch

TABLE = Organization._meta.db_table


def test_a_kept_write_is_seen(db):
    with WriteWatch() as watch, transaction.atomic():
        make_national()
    assert TABLE in watch.kept


def test_a_write_rolled_back_by_its_own_atomic_block_is_forgotten(db):
    with WriteWatch() as watch:
        try:
            with transaction.atomic():
                make_national()
                raise RuntimeError("the service changed its mind")
        except RuntimeError:
            pass
    assert TABLE not in watch.kept


def test_forms_are_read_with_their_fields_and_choices():
    html = """
    <form method="post" action="/go/"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <select name="program"><option value="">Choose</option><option value="7">Peer</option>
      </select><textarea name="notes">Hi</textarea>
      <input type="checkbox" name="reasons" value="a">
      <input type="checkbox" name="reasons" value="b">
      <button type="submit" name="action" value="suspend">Suspend</button>
      <input type="text" name="gone" disabled>
    </form>
    <form><input type="search" name="q"></form>
    """
    post, search = forms_on(html, "/page/")
    assert (post.method, post.action) == ("post", "/go/")
    assert post.fields["program"].choices == ["", "7"]
    assert post.fields["notes"].value == "Hi"
    assert post.fields["reasons"].choices == ["a", "b"] and post.fields["reasons"].multiple
    assert post.fields["action"].choices == ["suspend"]
    assert "gone" not in post.fields
    assert (search.method, search.action, list(search.fields)) == ("get", "/page/", ["q"])
