"""Action plans: lists, an action and its log, progress, milestones, closing."""

urlpatterns = []
