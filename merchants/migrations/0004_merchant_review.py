# Merchant review (onboarding). Depends on 0002 only: 0003_catalogue_import is written in parallel.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('merchants', '0002_payoutaccount_payout'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='merchant',
            name='applicant',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merchant_applications', to=settings.AUTH_USER_MODEL, verbose_name='candidat'),
        ),
        migrations.AddField(
            model_name='merchant',
            name='decision_notified_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='merchant',
            name='municipality_notified_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='merchant',
            name='rejection_reason',
            field=models.TextField(blank=True, verbose_name='motif du refus'),
        ),
        migrations.AddField(
            model_name='merchant',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='examinée le'),
        ),
        migrations.AddField(
            model_name='merchant',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='examinée par'),
        ),
        migrations.AlterField(
            model_name='merchant',
            name='status',
            field=models.CharField(choices=[('applied', 'Candidature'), ('approved', 'Approuvé'), ('rejected', 'Refusé'), ('suspended', 'Suspendu')], default='applied', max_length=20, verbose_name='statut'),
        ),
    ]
