# CatalogueImport. Depends on 0004_merchant_review (written in parallel from 0002) so the graph stays linear
# without a merge migration: 0002 -> 0004 -> 0003.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('merchants', '0004_merchant_review'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CatalogueImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='merchants/imports/%Y/%m/', verbose_name='fichier')),
                ('original_name', models.CharField(blank=True, max_length=255, verbose_name='nom du fichier')),
                ('status', models.CharField(choices=[('queued', 'En attente'), ('running', 'En cours'), ('done', 'Terminé'), ('failed', 'Échec')], default='queued', max_length=20, verbose_name='statut')),
                ('total_rows', models.PositiveIntegerField(default=0, verbose_name='lignes')),
                ('processed_rows', models.PositiveIntegerField(default=0, verbose_name='lignes traitées')),
                ('created', models.PositiveIntegerField(default=0, verbose_name='produits créés')),
                ('updated', models.PositiveIntegerField(default=0, verbose_name='produits mis à jour')),
                ('rejected', models.JSONField(blank=True, default=list, verbose_name='lignes rejetées')),
                ('warnings', models.JSONField(blank=True, default=list, verbose_name='avertissements')),
                ('error', models.CharField(blank=True, max_length=500, verbose_name='erreur')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('merchant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='catalogue_imports', to='merchants.merchant')),
            ],
            options={
                'verbose_name': 'import de catalogue',
                'verbose_name_plural': 'imports de catalogue',
                'ordering': ['-created_at', '-pk'],
            },
        ),
    ]
