"""The job of the task queue that prepares a large file (``ctai.files.services.generate``)."""

from django_tasks import task

from ctai.files.services import generate


@task()
def generate_file(file_id: int) -> str:
    return generate(file_id)
