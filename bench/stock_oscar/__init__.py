"""Stock django-oscar, as its documentation's "Building your own shop" sets it up, for the catalogue bench to time
side by side with Comptoir in the same run, on the same machine and database server."""
