from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from apps.questions.models import Question
from apps.search.services import search_index_question

BATCH = 500


class Command(BaseCommand):
    help = "Re-analyze every question (title, body, answers, concepts) into the search index."

    def handle(self, *args, **options):
        ids = list(Question.objects.order_by("pk").values_list("pk", flat=True))
        with tqdm(total=len(ids), unit="question", disable=options["verbosity"] == 0) as bar:
            for start in range(0, len(ids), BATCH):
                batch = ids[start : start + BATCH]
                with transaction.atomic():
                    for question in Question.objects.filter(pk__in=batch).prefetch_related("tags"):
                        search_index_question(question)
                bar.update(len(batch))
        self.stdout.write(f"indexed {len(ids)} questions")
