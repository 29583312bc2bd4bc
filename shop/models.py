# The shop app owns no model any more: territory/ and payments/ own the tables its migrations created. The module
# stays because Django sends post_migrate only to apps that have one, and ShopConfig.ready() syncs the Site on it.
