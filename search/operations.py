from django.db import migrations


class AddIndexOnPostgreSQL(migrations.operations.base.Operation):
    """Add an index to another app's model, on PostgreSQL only (full-text GIN indexes).

    The index stays out of the model's migration state, so `makemigrations` never tries
    to add or drop it, and other databases get nothing.
    """

    reversible = True

    def __init__(self, model: str, index):
        self.model = model  # "app_label.ModelName"
        self.index = index

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"model": self.model, "index": self.index}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(to_state.apps.get_model(self.model), self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(from_state.apps.get_model(self.model), self.index)

    def describe(self):
        return f"Create index {self.index.name} on {self.model} (PostgreSQL only)"
