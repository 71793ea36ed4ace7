from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "ctai.budget"
    verbose_name = "Budgets"
