"""The merchants' pages, one module per area: public (directory, shop page, application), space (the merchant
space's base, sales, notifications), fulfilments, payouts, catalogue (import and export), review (the
municipality's)."""
