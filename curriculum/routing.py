"""Page routing shared by the site's page types."""

from django.apps import apps


class SingleTypeChildrenMixin:
    """Route to a child page in one query when children are of one known page type.

    Wagtail's default routing loads a child as a generic page, then again as its specific
    type; when the child is of `child_page_model`, one query does both. Any other child is
    routed the usual way.
    """

    child_page_model = None

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        model = apps.get_model(self.child_page_model)
        child = model.objects.child_of(self).filter(slug=path_components[0]).first()
        if child is None:
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])
