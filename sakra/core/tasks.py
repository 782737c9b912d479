"""The worker's tasks of core: the documents it makes for every app (`sakra.core.prints`)."""

from django_tasks import task


@task()
def make_print(job_id: int) -> int:
    """Make one document the page asked for; its progress and file are on the job."""
    from .prints import make

    return make(job_id)
