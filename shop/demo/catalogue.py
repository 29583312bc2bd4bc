"""Demo catalogue of the Val de Garonne marketplace: products per trade and fictional local shops.

Pure data, read by ``shop.demo.seed``. Each product is ``(title, description, category, price incl.
VAT, VAT rate in %)``. French VAT: 5.5 % for most food and books, 10 % for ready-to-eat take-away
food and for flowers and plants, 20 % for alcohol, confectionery and non-food goods, 2.1 % for the
press. Merchants are fictional; ``siret_base`` holds the first 13 digits of the SIRET, the seed
computes the Luhn check digit. Opening hours are ``(weekday, opens, closes)``, 0 = Monday.
"""

from decimal import Decimal

TVA_NORMALE = Decimal("20.00")
TVA_INTERMEDIAIRE = Decimal("10.00")
TVA_REDUITE = Decimal("5.50")
TVA_PRESSE = Decimal("2.10")

Product = tuple[str, str, str, Decimal, Decimal]

# Compact data layout, one product on one or two lines: keep the formatter away.
# fmt: off


BOULANGERIE: list[Product] = [
    ("Baguette tradition", "Farine Label Rouge moulue dans le Sud-Ouest, "
     "pétrissage lent et fermentation de 24 heures.", "Pains", Decimal("1.30"), TVA_REDUITE),
    ("Baguette classique", "La baguette du quotidien, croûte fine et mie légère, "
     "cuite tout au long de la journée.", "Pains", Decimal("1.10"), TVA_REDUITE),
    ("Pain de campagne au levain (800 g)", "Levain naturel entretenu au fournil, farines "
     "de blé T80 et de seigle d'un moulin du Lot-et-Garonne.", "Pains", Decimal("4.60"), TVA_REDUITE),
    ("Pain complet (500 g)", "Farine complète T150 riche en fibres, "
     "idéal pour le petit-déjeuner et les tartines.", "Pains", Decimal("3.20"), TVA_REDUITE),
    ("Pain aux céréales (400 g)", "Graines de lin, de tournesol, "
     "de sésame et de millet dans une mie moelleuse.", "Pains", Decimal("3.40"), TVA_REDUITE),
    ("Pain de seigle (500 g)", "Seigle majoritaire, saveur légèrement acidulée, "
     "parfait avec les huîtres et les fruits de mer.", "Pains", Decimal("3.60"), TVA_REDUITE),
    ("Pain aux noix (400 g)", "Généreusement garni de cerneaux de noix du Périgord, "
     "le compagnon du plateau de fromages.", "Pains", Decimal("4.10"), TVA_REDUITE),
    ("Pain aux pruneaux d'Agen (400 g)", "Pain au levain garni de pruneaux d'Agen IGP, "
     "à déguster avec un foie gras ou un fromage de brebis.", "Pains", Decimal("4.30"), TVA_REDUITE),
    ("Ficelle", "Une baguette fine et très croustillante, pour l'apéritif ou les tartines du matin.",
     "Pains", Decimal("0.80"), TVA_REDUITE),
    ("Pain de mie maison (500 g)", "Pain de mie au beurre et au lait, tranché à la demande.",
     "Pains", Decimal("3.50"), TVA_REDUITE),
    ("Fougasse aux olives", "Pâte à l'huile d'olive garnie d'olives noires et d'herbes de Provence.",
     "Pains", Decimal("3.20"), TVA_REDUITE),
    ("Pain de petit épeautre (400 g)", "Farine de petit épeautre, "
     "goût de noisette et très bonne conservation.", "Pains", Decimal("4.40"), TVA_REDUITE),
    ("Croissant au beurre", "Feuilletage au beurre AOP Charentes-Poitou, façonné chaque matin au fournil.",
     "Viennoiseries", Decimal("1.20"), TVA_REDUITE),
    ("Chocolatine", "Deux barres de chocolat noir dans une pâte feuilletée pur beurre, "
     "comme on l'appelle ici.", "Viennoiseries", Decimal("1.30"), TVA_REDUITE),
    ("Pain aux raisins", "Pâte levée feuilletée, crème pâtissière vanillée et raisins secs.",
     "Viennoiseries", Decimal("1.50"), TVA_REDUITE),
    ("Croissant aux amandes", "Croissant garni de crème d'amande et parsemé d'amandes effilées, "
     "doré au four.", "Viennoiseries", Decimal("2.10"), TVA_REDUITE),
    ("Brioche tressée (400 g)", "Brioche pur beurre aux œufs de plein air, tressée à la main.",
     "Viennoiseries", Decimal("5.20"), TVA_REDUITE),
    ("Chausson aux pommes", "Compote de pommes du Lot-et-Garonne dans une pâte feuilletée dorée.",
     "Viennoiseries", Decimal("1.70"), TVA_REDUITE),
    ("Pastis gascon", "Brioche parfumée à la fleur d'oranger et au rhum, "
     "spécialité gasconne des jours de fête.", "Viennoiseries", Decimal("6.50"), TVA_REDUITE),
    ("Torsade aux pépites de chocolat", "Pâte feuilletée, crème pâtissière et pépites de chocolat noir.",
     "Viennoiseries", Decimal("1.90"), TVA_REDUITE),
    ("Éclair au chocolat", "Pâte à choux garnie de crème pâtissière au chocolat noir, glaçage fondant.",
     "Pâtisseries", Decimal("2.90"), TVA_REDUITE),
    ("Tarte aux fraises (individuelle)", "Pâte sablée, crème "
     "pâtissière et fraises du Lot-et-Garonne en saison.", "Pâtisseries", Decimal("3.80"), TVA_REDUITE),
    ("Flan pâtissier (part)", "Flan à la vanille de Madagascar sur pâte brisée, bien doré sur le dessus.",
     "Pâtisseries", Decimal("2.60"), TVA_REDUITE),
    ("Paris-Brest", "Pâte à choux croustillante et crème mousseline au praliné noisette.",
     "Pâtisseries", Decimal("3.90"), TVA_REDUITE),
    ("Millefeuille", "Feuilletage caramélisé et crème pâtissière à la vanille.",
     "Pâtisseries", Decimal("3.50"), TVA_REDUITE),
    ("Tarte aux pruneaux (6 personnes)", "Pruneaux d'Agen et crème d'amande sur pâte sablée, "
     "recette familiale du fournil.", "Pâtisseries", Decimal("16.50"), TVA_REDUITE),
    ("Croustade aux pommes et à l'armagnac (6 personnes)", "Feuilles de pâte étirées à la main, "
     "pommes et armagnac : la grande spécialité gasconne.", "Pâtisseries", Decimal("19.00"), TVA_REDUITE),
    ("Cannelé bordelais", "Croûte caramélisée et cœur moelleux parfumé à la vanille et au rhum.",
     "Pâtisseries", Decimal("1.60"), TVA_REDUITE),
    ("Fraisier (6 personnes)", "Génoise, crème mousseline et fraises fraîches ; sur commande la veille.",
     "Pâtisseries", Decimal("24.00"), TVA_REDUITE),
    ("Sandwich jambon-beurre", "Baguette tradition, jambon blanc supérieur et beurre doux des Charentes.",
     "Snacking", Decimal("4.50"), TVA_INTERMEDIAIRE),
    ("Sandwich poulet crudités", "Poulet rôti, tomate de Marmande, salade et mayonnaise maison.",
     "Snacking", Decimal("5.20"), TVA_INTERMEDIAIRE),
    ("Quiche lorraine (part)", "Pâte brisée maison, lardons fumés et appareil à la crème, servie tiède.",
     "Snacking", Decimal("3.80"), TVA_INTERMEDIAIRE),
]

BOUCHERIE: list[Product] = [
    ("Entrecôte de blonde d'Aquitaine (300 g)", "Bœuf de race blonde d'Aquitaine élevé en Lot-et-Garonne, "
     "maturé trois semaines.", "Bœuf", Decimal("11.90"), TVA_REDUITE),
    ("Faux-filet de bœuf (250 g)", "Tranché à la demande, finement persillé et tendre, idéal à la plancha.",
     "Bœuf", Decimal("9.50"), TVA_REDUITE),
    ("Bavette d'aloyau (200 g)", "Le morceau du boucher au grain serré, à saisir rapidement à feu vif.",
     "Bœuf", Decimal("6.40"), TVA_REDUITE),
    ("Steak haché pur bœuf (2 × 125 g)", "Haché minute à 15 % de matières grasses, "
     "viande née et élevée en France.", "Bœuf", Decimal("5.90"), TVA_REDUITE),
    ("Côte de bœuf (1 kg environ)", "Pièce à partager, maturée sur l'os, "
     "parfaite au barbecue sur sarments de vigne.", "Bœuf", Decimal("34.00"), TVA_REDUITE),
    ("Rôti de bœuf ficelé (800 g)", "Taillé dans la tranche, bardé et ficelé à la main par nos bouchers.",
     "Bœuf", Decimal("22.40"), TVA_REDUITE),
    ("Bœuf à bourguignon (1 kg)", "Paleron et macreuse coupés en cubes pour mijoter longuement.",
     "Bœuf", Decimal("17.90"), TVA_REDUITE),
    ("Joue de bœuf (800 g)", "Morceau gélatineux et fondant, parfait pour une daube au vin de Buzet.",
     "Bœuf", Decimal("13.60"), TVA_REDUITE),
    ("Escalopes de veau (2 × 120 g)", "Veau élevé sous la mère dans le Sud-Ouest, tranché finement.",
     "Veau et agneau", Decimal("10.80"), TVA_REDUITE),
    ("Blanquette de veau à cuire (1 kg)", "Tendron, épaule et "
     "collier préparés pour une blanquette à l'ancienne.", "Veau et agneau", Decimal("19.50"), TVA_REDUITE),
    ("Côte de veau (300 g)", "Côte première bien épaisse, à poêler doucement au beurre.",
     "Veau et agneau", Decimal("10.20"), TVA_REDUITE),
    ("Paupiettes de veau (× 2)", "Farce maison au veau, au porc et aux herbes, ficelées à la main.",
     "Veau et agneau", Decimal("7.80"), TVA_REDUITE),
    ("Gigot d'agneau (1,8 kg environ)", "Agneau fermier du Quercy IGP, idéal pour le repas de Pâques.",
     "Veau et agneau", Decimal("45.00"), TVA_REDUITE),
    ("Côtelettes d'agneau (× 4)", "Côtes filet et côtes premières d'agneau né et élevé en France.",
     "Veau et agneau", Decimal("12.40"), TVA_REDUITE),
    ("Épaule d'agneau désossée (1 kg)", "Roulée et ficelée, à rôtir avec quelques gousses d'ail.",
     "Veau et agneau", Decimal("24.90"), TVA_REDUITE),
    ("Côtes de porc échine (× 2)", "Porc fermier du Sud-Ouest, à griller ou à poêler.",
     "Porc et volailles", Decimal("6.20"), TVA_REDUITE),
    ("Rôti de porc dans le filet (1 kg)", "Porc français élevé sur paille, ficelé par nos soins.",
     "Porc et volailles", Decimal("14.50"), TVA_REDUITE),
    ("Saucisse de Toulouse (500 g)", "Pur porc, hachage gros, embossée à la boutique chaque semaine.",
     "Porc et volailles", Decimal("7.90"), TVA_REDUITE),
    ("Poulet fermier jaune Label Rouge (1,8 kg)", "Élevé en plein air dans les Landes et nourri au maïs.",
     "Porc et volailles", Decimal("19.80"), TVA_REDUITE),
    ("Magret de canard (400 g)", "Canard à foie gras du Sud-Ouest IGP, à cuire côté peau.",
     "Porc et volailles", Decimal("11.60"), TVA_REDUITE),
    ("Pintade fermière (1,4 kg)", "Pintade d'élevage fermier à la chair fine et goûteuse.",
     "Porc et volailles", Decimal("16.80"), TVA_REDUITE),
    ("Jambon de Bayonne IGP (4 tranches)", "Affiné au moins neuf mois, tranché finement à la demande.",
     "Charcuterie", Decimal("6.90"), TVA_REDUITE),
    ("Jambon blanc à l'os (4 tranches)", "Cuit au torchon dans notre laboratoire, sans polyphosphates.",
     "Charcuterie", Decimal("6.40"), TVA_REDUITE),
    ("Pâté de campagne maison (200 g)", "Recette de la maison au porc fermier et au foie, "
     "relevée d'une pointe d'armagnac.", "Charcuterie", Decimal("3.90"), TVA_REDUITE),
    ("Rillettes de canard (200 g)", "Effilochées à la main et cuites longuement dans la graisse de canard.",
     "Charcuterie", Decimal("4.80"), TVA_REDUITE),
    ("Saucisson sec du Sud-Ouest (250 g)", "Séché en cave naturelle, poivre noir et ail.",
     "Charcuterie", Decimal("6.50"), TVA_REDUITE),
    ("Boudin noir aux oignons (500 g)", "Préparé à la boutique selon la recette gasconne.",
     "Charcuterie", Decimal("6.90"), TVA_REDUITE),
    ("Cuisses de canard confites (bocal de 2)", "Canards du Sud-Ouest confits lentement dans leur graisse.",
     "Charcuterie", Decimal("12.90"), TVA_REDUITE),
    ("Poulet rôti fermier", "Rôti à la broche le dimanche matin, servi avec son jus.",
     "Plats cuisinés", Decimal("15.90"), TVA_INTERMEDIAIRE),
    ("Pommes de terre rissolées au jus (500 g)", "Cuites sous les poulets de la broche, "
     "fondantes et dorées.", "Plats cuisinés", Decimal("4.50"), TVA_INTERMEDIAIRE),
    ("Hachis parmentier (part)", "Bœuf braisé maison et purée au beurre, gratiné au four.",
     "Plats cuisinés", Decimal("7.50"), TVA_INTERMEDIAIRE),
]

FROMAGERIE: list[Product] = [
    ("Comté AOP 18 mois (250 g)", "Affiné dix-huit mois dans le Jura, notes de noisette et de fruits secs.",
     "Fromages de vache", Decimal("7.90"), TVA_REDUITE),
    ("Brie de Meaux AOP (250 g)", "Au lait cru, coulant à cœur, terminé dans nos caves d'affinage.",
     "Fromages de vache", Decimal("6.20"), TVA_REDUITE),
    ("Camembert de Normandie AOP", "Moulé à la louche au lait cru, pièce de 250 g.",
     "Fromages de vache", Decimal("5.40"), TVA_REDUITE),
    ("Tomme des Pyrénées AOP (250 g)", "Croûte noire, pâte souple et douce au lait de vache.",
     "Fromages de vache", Decimal("5.60"), TVA_REDUITE),
    ("Reblochon de Savoie AOP", "Pièce de 450 g au lait cru, idéale pour la tartiflette.",
     "Fromages de vache", Decimal("8.90"), TVA_REDUITE),
    ("Saint-Nectaire fermier AOP (250 g)", "Affiné sur paille de seigle, "
     "saveur de noisette et de sous-bois.", "Fromages de vache", Decimal("6.50"), TVA_REDUITE),
    ("Mimolette extra-vieille (200 g)", "Affinée dix-huit mois, pâte orangée cassante et fruitée.",
     "Fromages de vache", Decimal("5.90"), TVA_REDUITE),
    ("Bleu d'Auvergne AOP (200 g)", "Pâte persillée crémeuse, à servir avec une poire ou quelques noix.",
     "Fromages de vache", Decimal("4.60"), TVA_REDUITE),
    ("Mont d'Or AOP (boîte de 500 g)", "Disponible de septembre à mai, à "
     "déguster chaud au four avec des pommes de terre.", "Fromages de vache", Decimal("13.50"), TVA_REDUITE),
    ("Tomme fermière du Marmandais (250 g)", "Fabriquée dans une ferme de la vallée de la Garonne, "
     "croûte fleurie et pâte fondante.", "Fromages de vache", Decimal("6.20"), TVA_REDUITE),
    ("Beaufort d'été AOP (250 g)", "Lait d'alpage de l'été, pâte ferme au goût floral.",
     "Fromages de vache", Decimal("9.80"), TVA_REDUITE),
    ("Raclette au lait cru tranchée (400 g)", "Tranchée à la demande, fondante et typée.",
     "Fromages de vache", Decimal("9.40"), TVA_REDUITE),
    ("Roquefort AOP (150 g)", "Lait cru de brebis affiné dans les caves du Combalou.",
     "Chèvres et brebis", Decimal("5.30"), TVA_REDUITE),
    ("Ossau-Iraty AOP (250 g)", "Brebis du Pays basque et du Béarn, affiné six mois.",
     "Chèvres et brebis", Decimal("7.40"), TVA_REDUITE),
    ("Rocamadour AOP (× 2)", "Petits palets de chèvre du Quercy, crémeux et doux.",
     "Chèvres et brebis", Decimal("3.60"), TVA_REDUITE),
    ("Crottin de chèvre fermier", "Moulé à la louche dans une chèvrerie des coteaux de Seyches.",
     "Chèvres et brebis", Decimal("2.90"), TVA_REDUITE),
    ("Bûche de chèvre cendrée (200 g)", "Pâte blanche et crayeuse sous une fine croûte cendrée.",
     "Chèvres et brebis", Decimal("5.80"), TVA_REDUITE),
    ("Pérail de brebis", "Petit fromage de brebis de l'Aveyron à la croûte fine, fondant à cœur.",
     "Chèvres et brebis", Decimal("4.90"), TVA_REDUITE),
    ("Cabécou du Périgord (× 2)", "Petits chèvres affinés quelques jours, parfaits rôtis sur une tartine.",
     "Chèvres et brebis", Decimal("3.40"), TVA_REDUITE),
    ("Feta AOP au lait de brebis (200 g)", "Feta grecque affinée en saumure, pour les salades d'été.",
     "Chèvres et brebis", Decimal("4.20"), TVA_REDUITE),
    ("Beurre de baratte demi-sel (250 g)", "Baratté à l'ancienne en Charente, "
     "parsemé de cristaux de sel de Guérande.", "Crèmerie", Decimal("4.70"), TVA_REDUITE),
    ("Beurre doux AOP Charentes-Poitou (250 g)", "Beurre de crème maturée, "
     "pour la cuisine comme pour la tartine.", "Crèmerie", Decimal("4.20"), TVA_REDUITE),
    ("Crème fraîche épaisse fermière (50 cl)", "Crème crue d'une ferme du Lot-et-Garonne, "
     "épaisse et légèrement acidulée.", "Crèmerie", Decimal("4.90"), TVA_REDUITE),
    ("Yaourts fermiers nature (4 × 125 g)", "Lait entier de vaches nourries à l'herbe, "
     "en pots de verre consignés.", "Crèmerie", Decimal("3.60"), TVA_REDUITE),
    ("Œufs de plein air (boîte de 6)", "Pondus dans un élevage de Samazan, calibre moyen.",
     "Crèmerie", Decimal("2.90"), TVA_REDUITE),
    ("Faisselle de vache (500 g)", "Caillé frais égoutté en faisselle, à déguster salé ou sucré.",
     "Crèmerie", Decimal("3.20"), TVA_REDUITE),
    ("Lait cru entier fermier (1 L)", "Lait de la traite du matin, "
     "à conserver au frais et à consommer rapidement.", "Crèmerie", Decimal("1.90"), TVA_REDUITE),
    ("Confiture de cerises noires (250 g)", "Le compagnon idéal de l'Ossau-Iraty, "
     "cerises cuites au chaudron de cuivre.", "Accompagnements", Decimal("5.40"), TVA_REDUITE),
    ("Pâte de coing artisanale (200 g)", "Coings du verger cuits lentement, "
     "à servir avec un fromage de brebis.", "Accompagnements", Decimal("4.60"), TVA_REDUITE),
    ("Crackers au sésame et au romarin (150 g)", "Biscuits salés croustillants "
     "pour accompagner le plateau de fromages.", "Accompagnements", Decimal("3.90"), TVA_REDUITE),
    ("Miel de châtaignier (250 g)", "Miel corsé d'un apiculteur des coteaux de Guyenne, "
     "superbe avec un bleu.", "Accompagnements", Decimal("7.50"), TVA_REDUITE),
]

PRIMEUR: list[Product] = [
    ("Tomates de Marmande (1 kg)", "La tomate emblématique de notre ville, côtelée et charnue, "
     "cueillie à maturité dans la vallée de la Garonne.", "Légumes", Decimal("3.90"), TVA_REDUITE),
    ("Tomates cerises en grappe (250 g)", "Sucrées et croquantes, idéales à l'apéritif.",
     "Légumes", Decimal("2.90"), TVA_REDUITE),
    ("Tomates anciennes mélangées (1 kg)", "Cœur de bœuf, noire de Crimée "
     "et green zebra cultivées en plein champ autour de Marmande.", "Légumes", Decimal("5.90"), TVA_REDUITE),
    ("Pommes de terre grenaille (1 kg)", "Petites pommes de terre à chair ferme, à rissoler avec leur peau.",
     "Légumes", Decimal("2.60"), TVA_REDUITE),
    ("Pommes de terre Charlotte (2 kg)", "Chair ferme et fondante, parfaite pour la vapeur et les salades.",
     "Légumes", Decimal("3.80"), TVA_REDUITE),
    ("Carottes fanes (botte)", "Botte d'environ 800 g d'un maraîcher de Fourques-sur-Garonne.",
     "Légumes", Decimal("2.50"), TVA_REDUITE),
    ("Courgettes (1 kg)", "Courgettes vertes de plein champ du Val de Garonne.",
     "Légumes", Decimal("2.90"), TVA_REDUITE),
    ("Aubergines (1 kg)", "Aubergines violettes brillantes, pour la ratatouille ou le caviar d'aubergine.",
     "Légumes", Decimal("3.80"), TVA_REDUITE),
    ("Poivrons tricolores (500 g)", "Rouge, jaune et vert, à griller ou à farcir.",
     "Légumes", Decimal("2.90"), TVA_REDUITE),
    ("Haricots verts extra-fins (500 g)", "Cueillis à la main et équeutés, "
     "cuisson rapide à l'eau bouillante.", "Légumes", Decimal("4.50"), TVA_REDUITE),
    ("Salade batavia (pièce)", "Laitue croquante cultivée sous abri à Virazeil.",
     "Légumes", Decimal("1.30"), TVA_REDUITE),
    ("Oignons jaunes (1 kg)", "Oignons de conservation, doux à la cuisson.",
     "Légumes", Decimal("1.90"), TVA_REDUITE),
    ("Ail blanc de Lomagne IGP (tresse de 500 g)", "Ail charnu et parfumé du Gers et du Tarn-et-Garonne, "
     "en tresse traditionnelle.", "Légumes", Decimal("6.50"), TVA_REDUITE),
    ("Échalotes (500 g)", "Échalotes grises au goût fin, indispensables à l'entrecôte bordelaise.",
     "Légumes", Decimal("2.80"), TVA_REDUITE),
    ("Champignons de Paris (500 g)", "Champignons blonds bien fermes, à poêler ou à consommer crus.",
     "Légumes", Decimal("3.20"), TVA_REDUITE),
    ("Asperges blanches des Landes IGP (botte de 1 kg)", "Cultivées dans les sables landais, "
     "tendres et sans amertume, d'avril à juin.", "Légumes", Decimal("11.90"), TVA_REDUITE),
    ("Poireaux (botte de 1 kg)", "Poireaux bien blancs pour la soupe ou la vinaigrette.",
     "Légumes", Decimal("2.90"), TVA_REDUITE),
    ("Fraises gariguette (500 g)", "Fraises parfumées du Lot-et-Garonne, "
     "premier département fraisier de France.", "Fruits", Decimal("6.90"), TVA_REDUITE),
    ("Pommes golden (1 kg)", "Pommes croquantes et sucrées des vergers de la vallée du Lot.",
     "Fruits", Decimal("3.20"), TVA_REDUITE),
    ("Pommes reinette grise du Canada (1 kg)", "Chair acidulée, parfaite pour les tartes et les compotes.",
     "Fruits", Decimal("3.60"), TVA_REDUITE),
    ("Poires williams (1 kg)", "Poires juteuses et fondantes, à déguster bien mûres.",
     "Fruits", Decimal("3.90"), TVA_REDUITE),
    ("Prunes d'Ente fraîches (1 kg)", "La prune qui donne le pruneau d'Agen, "
     "disponible en août et en septembre.", "Fruits", Decimal("3.80"), TVA_REDUITE),
    ("Melon charentais (pièce)", "Melon à chair orange et sucrée, "
     "récolté dans les coteaux du Lot-et-Garonne.", "Fruits", Decimal("3.50"), TVA_REDUITE),
    ("Pêches jaunes (1 kg)", "Pêches de plein vent cueillies à point.",
     "Fruits", Decimal("4.50"), TVA_REDUITE),
    ("Kiwis de l'Adour IGP (1 kg)", "Gros kiwis charnus "
     "récoltés dans les Landes et les Pyrénées-Atlantiques.", "Fruits", Decimal("4.20"), TVA_REDUITE),
    ("Bananes (1 kg)", "Bananes cavendish des Antilles françaises.", "Fruits", Decimal("2.40"), TVA_REDUITE),
    ("Oranges à jus (2 kg)", "Oranges d'Espagne juteuses, pour le jus pressé du matin.",
     "Fruits", Decimal("4.90"), TVA_REDUITE),
    ("Citrons non traités (500 g)", "Écorce non traitée après récolte, à zester sans crainte.",
     "Fruits", Decimal("2.90"), TVA_REDUITE),
    ("Chasselas de Moissac AOP (1 kg)", "Raisin blanc doré aux grains fondants, "
     "récolté de septembre à novembre.", "Fruits", Decimal("5.90"), TVA_REDUITE),
    ("Noix fraîches du Périgord AOP (500 g)", "Noix de la dernière récolte, "
     "à déguster fraîches ou en salade.", "Fruits", Decimal("5.50"), TVA_REDUITE),
    ("Clémentines de Corse IGP (1 kg)", "Récoltées avec leurs feuilles, juteuses et peu acides.",
     "Fruits", Decimal("4.40"), TVA_REDUITE),
    ("Persil plat (botte)", "Persil plat frais au goût prononcé.",
     "Herbes aromatiques", Decimal("1.20"), TVA_REDUITE),
    ("Basilic (botte)", "Basilic grand vert, le partenaire naturel de la tomate de Marmande.",
     "Herbes aromatiques", Decimal("1.50"), TVA_REDUITE),
    ("Ciboulette (botte)", "Pour les omelettes, les salades et le fromage blanc.",
     "Herbes aromatiques", Decimal("1.20"), TVA_REDUITE),
]

POISSONNERIE: list[Product] = [
    ("Filet de cabillaud (500 g)", "Pêché en Atlantique Nord-Est, filet épais et sans arêtes.",
     "Poissons", Decimal("14.90"), TVA_REDUITE),
    ("Dos de saumon Label Rouge (2 × 150 g)", "Saumon d'Écosse Label Rouge, portions sans peau.",
     "Poissons", Decimal("11.90"), TVA_REDUITE),
    ("Bar de ligne (pièce de 600 g)", "Pêché à la ligne dans le golfe de Gascogne, "
     "vidé et écaillé à la demande.", "Poissons", Decimal("21.00"), TVA_REDUITE),
    ("Dorade royale (pièce de 500 g)", "Vidée et écaillée à la demande, délicieuse rôtie au four.",
     "Poissons", Decimal("10.50"), TVA_REDUITE),
    ("Sole du golfe de Gascogne (pièce de 350 g)", "À cuire meunière, pelée sur demande.",
     "Poissons", Decimal("14.70"), TVA_REDUITE),
    ("Merlu de ligne en tranches (500 g)", "Débarqué à Saint-Jean-de-Luz, chair nacrée et délicate.",
     "Poissons", Decimal("12.50"), TVA_REDUITE),
    ("Maquereaux entiers (1 kg)", "Maquereaux de petit bateau, à griller ou à mariner.",
     "Poissons", Decimal("8.90"), TVA_REDUITE),
    ("Sardines fraîches (1 kg)", "Sardines du golfe de Gascogne, parfaites à la plancha.",
     "Poissons", Decimal("9.50"), TVA_REDUITE),
    ("Thon germon en tranche (300 g)", "Thon blanc pêché à la canne en saison, au large du Pays basque.",
     "Poissons", Decimal("8.40"), TVA_REDUITE),
    ("Queue de lotte (500 g)", "Chair ferme sans arêtes, idéale en brochettes ou à l'armoricaine.",
     "Poissons", Decimal("17.50"), TVA_REDUITE),
    ("Filets de truite rose (300 g)", "Truites élevées dans les eaux vives des Pyrénées.",
     "Poissons", Decimal("7.20"), TVA_REDUITE),
    ("Filets de merlan (500 g)", "Chair fine et légère, pour les enfants comme pour les grands.",
     "Poissons", Decimal("9.90"), TVA_REDUITE),
    ("Aile de raie (500 g)", "À pocher et servir au beurre noisette et aux câpres.",
     "Poissons", Decimal("11.50"), TVA_REDUITE),
    ("Huîtres du bassin d'Arcachon n° 3 (douzaine)", "Huîtres charnues et iodées, ouvertes sur demande.",
     "Coquillages et crustacés", Decimal("10.80"), TVA_REDUITE),
    ("Fines de claire de Marennes-Oléron n° 2 (douzaine)", "Affinées en claires, "
     "saveur iodée et finale de noisette.", "Coquillages et crustacés", Decimal("13.50"), TVA_REDUITE),
    ("Moules de bouchot (1 kg)", "Moules de Charente-Maritime, lavées et prêtes à cuire.",
     "Coquillages et crustacés", Decimal("5.90"), TVA_REDUITE),
    ("Crevettes roses cuites (250 g)", "Cuites dans notre poissonnerie au court-bouillon.",
     "Coquillages et crustacés", Decimal("6.90"), TVA_REDUITE),
    ("Langoustines vivantes (500 g)", "Langoustines de casier, à cuire une minute à l'eau bouillante.",
     "Coquillages et crustacés", Decimal("19.50"), TVA_REDUITE),
    ("Tourteau cuit (pièce de 800 g)", "Tourteau cuit sur place, plein et bien lourd.",
     "Coquillages et crustacés", Decimal("12.90"), TVA_REDUITE),
    ("Bulots cuits (500 g)", "À déguster avec une mayonnaise maison.",
     "Coquillages et crustacés", Decimal("7.50"), TVA_REDUITE),
    ("Noix de Saint-Jacques fraîches (250 g)", "Décortiquées le jour de l'arrivage, d'octobre à mai.",
     "Coquillages et crustacés", Decimal("19.90"), TVA_REDUITE),
    ("Palourdes (500 g)", "Pour des pâtes aux palourdes ou une poêlée à l'ail.",
     "Coquillages et crustacés", Decimal("9.90"), TVA_REDUITE),
    ("Gambas crues (500 g)", "À saisir à la plancha avec un filet d'huile d'olive et d'ail.",
     "Coquillages et crustacés", Decimal("14.50"), TVA_REDUITE),
    ("Saumon fumé d'Écosse (4 tranches)", "Fumé au bois de hêtre, tranché à la main.",
     "Fumés et conserves", Decimal("11.50"), TVA_REDUITE),
    ("Truite fumée des Pyrénées (4 tranches)", "Fumage doux au bois de hêtre, chair rosée et fondante.",
     "Fumés et conserves", Decimal("8.90"), TVA_REDUITE),
    ("Rillettes de thon au piment d'Espelette (100 g)", "À tartiner sur un pain grillé pour l'apéritif.",
     "Fumés et conserves", Decimal("4.60"), TVA_REDUITE),
    ("Soupe de poissons de roche (75 cl)", "Soupe traditionnelle à servir avec croûtons, "
     "rouille et fromage râpé.", "Fumés et conserves", Decimal("7.90"), TVA_REDUITE),
    ("Anchois marinés à l'ail (150 g)", "Filets d'anchois marinés à l'huile d'olive, à l'ail et au persil.",
     "Fumés et conserves", Decimal("5.20"), TVA_REDUITE),
    ("Lamproie à la bordelaise (bocal de 750 g)", "Lamproie de la Garonne cuisinée au vin rouge et "
     "aux poireaux, la grande spécialité girondine.", "Fumés et conserves", Decimal("24.90"), TVA_REDUITE),
    ("Brandade de morue maison (400 g)", "Morue dessalée, pommes de terre et huile d'olive, "
     "à gratiner au four.", "Plats cuisinés", Decimal("9.50"), TVA_INTERMEDIAIRE),
    ("Paella aux fruits de mer (part)", "Riz au safran, moules, crevettes, encornets et poulet, "
     "prête à réchauffer.", "Plats cuisinés", Decimal("9.90"), TVA_INTERMEDIAIRE),
    ("Plateau de fruits de mer pour 2", "Huîtres, langoustines, crevettes, bulots et tourteau "
     "dressés sur glace ; à commander la veille.", "Plats cuisinés", Decimal("59.00"), TVA_INTERMEDIAIRE),
]

LIBRAIRIE: list[Product] = [
    ("Le Petit Prince, Antoine de Saint-Exupéry (Folio)", "Le conte poétique et philosophique "
     "le plus lu au monde, avec les aquarelles de l'auteur.", "Romans", Decimal("8.30"), TVA_REDUITE),
    ("L'Étranger, Albert Camus (Folio)", "Le premier roman de Camus, "
     "un classique incontournable du XXe siècle.", "Romans", Decimal("7.90"), TVA_REDUITE),
    ("Madame Bovary, Gustave Flaubert (Folio classique)", "Le roman des illusions d'Emma, "
     "chef-d'œuvre du réalisme français.", "Romans", Decimal("6.90"), TVA_REDUITE),
    ("Les Misérables, tome 1, Victor Hugo (Le Livre de Poche)", "La fresque de Jean Valjean, "
     "Fantine et Cosette, en édition de poche.", "Romans", Decimal("9.90"), TVA_REDUITE),
    ("Bel-Ami, Guy de Maupassant (Le Livre de Poche)", "L'ascension "
     "d'un séducteur ambitieux dans le Paris de la presse.", "Romans", Decimal("4.90"), TVA_REDUITE),
    ("Le Comte de Monte-Cristo, tome 1, Alexandre Dumas (Folio classique)", "Le "
     "grand roman de la vengeance d'Edmond Dantès.", "Romans", Decimal("11.50"), TVA_REDUITE),
    ("Cyrano de Bergerac, Edmond Rostand (Folio théâtre)", "La "
     "comédie héroïque du plus célèbre des cadets de Gascogne.", "Romans", Decimal("7.20"), TVA_REDUITE),
    ("Les Trois Mousquetaires, Alexandre Dumas (Le Livre de Poche)", "Les aventures de d'Artagnan, "
     "jeune Gascon monté à Paris.", "Romans", Decimal("9.40"), TVA_REDUITE),
    ("Germinal, Émile Zola (Le Livre de Poche)", "La grève des mineurs du Nord, "
     "roman majeur des Rougon-Macquart.", "Romans", Decimal("6.60"), TVA_REDUITE),
    ("Thérèse Desqueyroux, François Mauriac (Le Livre de Poche)", "Un drame intime dans la lande girondine, "
     "par le prix Nobel bordelais.", "Romans", Decimal("6.90"), TVA_REDUITE),
    ("Le Rouge et le Noir, Stendhal (Folio classique)", "L'itinéraire de Julien Sorel sous la Restauration.",
     "Romans", Decimal("8.30"), TVA_REDUITE),
    ("Vingt mille lieues sous les mers, Jules Verne (Le Livre de Poche)", "Le "
     "voyage du Nautilus et du capitaine Nemo.", "Romans", Decimal("7.70"), TVA_REDUITE),
    ("Le Petit Nicolas, Sempé et Goscinny (Folio junior)", "Les aventures "
     "drôles et tendres de Nicolas et de ses copains, dès 8 ans.", "Jeunesse", Decimal("7.50"), TVA_REDUITE),
    ("Astérix le Gaulois (album cartonné)", "Le premier album des irréductibles Gaulois.",
     "Jeunesse", Decimal("11.50"), TVA_REDUITE),
    ("Tintin, Le Lotus bleu (album cartonné)", "Tintin en Chine, l'un des albums les plus aimés d'Hergé.",
     "Jeunesse", Decimal("13.95"), TVA_REDUITE),
    ("La Chèvre de monsieur Seguin, Alphonse Daudet (album illustré)", "Le conte "
     "des Lettres de mon moulin illustré pour les plus jeunes.", "Jeunesse", Decimal("6.90"), TVA_REDUITE),
    ("Cahier de vacances, du CP au CE1", "Des exercices courts de lecture, "
     "d'écriture et de calcul pour réviser pendant l'été.", "Jeunesse", Decimal("8.50"), TVA_REDUITE),
    ("Imagier des animaux de la ferme (tout-carton)", "Un premier imagier aux grandes photos, dès 1 an.",
     "Jeunesse", Decimal("9.90"), TVA_REDUITE),
    ("Guide des randonnées en Val de Garonne", "Vingt-cinq circuits balisés entre coteaux, vignobles "
     "et bords de Garonne, avec cartes détaillées.", "Terroir et région", Decimal("14.90"), TVA_REDUITE),
    ("La cuisine du Lot-et-Garonne, recettes de nos grands-mères", "Pruneaux, tomates de Marmande, garbure "
     "et croustade : un siècle de recettes familiales.", "Terroir et région", Decimal("19.90"), TVA_REDUITE),
    ("Histoire de Marmande, des bastides à nos jours", "Sept siècles d'histoire de la cité, "
     "abondamment illustrés de documents d'archives.", "Terroir et région", Decimal("24.00"), TVA_REDUITE),
    ("Atlas des vins du Sud-Ouest", "Des Côtes du Marmandais au Madiran, toutes "
     "les appellations expliquées et cartographiées.", "Terroir et région", Decimal("29.90"), TVA_REDUITE),
    ("Le canal de Garonne à vélo, de Toulouse à Bordeaux", "Guide pratique de la véloroute, étape "
     "par étape, avec hébergements et bonnes adresses.", "Terroir et région", Decimal("15.90"), TVA_REDUITE),
    ("Contes et légendes de Gascogne", "Les récits de veillée transmis de "
     "génération en génération entre Garonne et Adour.", "Terroir et région", Decimal("12.50"), TVA_REDUITE),
    ("Sud Ouest (quotidien)", "Le quotidien régional, "
     "avec les pages locales de Marmande et du Val de Garonne.", "Presse", Decimal("1.80"), TVA_PRESSE),
    ("Le Républicain Lot-et-Garonne (hebdomadaire)", "L'hebdomadaire "
     "de l'actualité locale du Marmandais et du Val de Garonne.", "Presse", Decimal("1.50"), TVA_PRESSE),
    ("Le Monde (quotidien)", "Le quotidien national d'information, avec ses suppléments du week-end.",
     "Presse", Decimal("3.50"), TVA_PRESSE),
    ("L'Équipe (quotidien)", "Toute l'actualité sportive, du rugby au football.",
     "Presse", Decimal("2.20"), TVA_PRESSE),
    ("Paris Match (hebdomadaire)", "Le magazine de l'actualité et des grands reportages en images.",
     "Presse", Decimal("3.90"), TVA_PRESSE),
    ("Géo (mensuel)", "Grands reportages et photographies du monde entier.",
     "Presse", Decimal("7.90"), TVA_PRESSE),
    ("Marque-page en cuir gravé", "Cuir pleine fleur gravé de motifs de vigne, "
     "fabriqué en Nouvelle-Aquitaine.", "Papeterie", Decimal("6.50"), TVA_NORMALE),
    ("Carnet de notes ligné A5", "Couverture rigide en toile, 192 pages de papier ivoire.",
     "Papeterie", Decimal("9.90"), TVA_NORMALE),
]

FLEURISTE: list[Product] = [
    ("Bouquet de saison du fleuriste", "Composé chaque matin avec les fleurs de saison, "
     "selon l'inspiration de l'atelier.", "Bouquets", Decimal("35.00"), TVA_INTERMEDIAIRE),
    ("Botte de 10 roses rouges", "Roses à grosses têtes et longues tiges, le classique des déclarations.",
     "Bouquets", Decimal("29.00"), TVA_INTERMEDIAIRE),
    ("Botte de 10 tulipes", "Tulipes de couleurs variées, de janvier à avril.",
     "Bouquets", Decimal("14.90"), TVA_INTERMEDIAIRE),
    ("Bouquet champêtre", "Fleurs des champs, graminées et feuillages pour un esprit jardin.",
     "Bouquets", Decimal("29.90"), TVA_INTERMEDIAIRE),
    ("Pivoines (botte de 5)", "Grosses fleurs parfumées, disponibles de mai à juin.",
     "Bouquets", Decimal("24.00"), TVA_INTERMEDIAIRE),
    ("Brassée de lys (5 tiges)", "Lys blancs ou roses au parfum intense, étamines retirées.",
     "Bouquets", Decimal("22.00"), TVA_INTERMEDIAIRE),
    ("Renoncules (botte de 10)", "Pétales délicats en camaïeu de couleurs, au printemps.",
     "Bouquets", Decimal("16.50"), TVA_INTERMEDIAIRE),
    ("Mimosa (botte)", "Arrivé du Var en février, pour ensoleiller la maison.",
     "Bouquets", Decimal("9.90"), TVA_INTERMEDIAIRE),
    ("Tournesols (botte de 5)", "Les fleurs de l'été cultivées dans les champs du Lot-et-Garonne.",
     "Bouquets", Decimal("12.50"), TVA_INTERMEDIAIRE),
    ("Bouquet de fleurs séchées", "Lavande, blé, statice et eucalyptus, "
     "pour un bouquet qui dure plusieurs mois.", "Bouquets", Decimal("32.00"), TVA_INTERMEDIAIRE),
    ("Roses de jardin parfumées (botte de 7)", "Cultivées sans "
     "serre chauffée par un horticulteur du Marmandais.", "Bouquets", Decimal("19.50"), TVA_INTERMEDIAIRE),
    ("Composition de table en coupe", "Fleurs piquées sur mousse dans une coupe basse, "
     "pour un repas de fête.", "Compositions", Decimal("39.00"), TVA_INTERMEDIAIRE),
    ("Coussin de deuil", "Fleurs blanches piquées sur mousse, livré au funérarium sur commande.",
     "Compositions", Decimal("85.00"), TVA_INTERMEDIAIRE),
    ("Gerbe de deuil", "Grande gerbe de fleurs fraîches avec ruban personnalisé, à commander la veille.",
     "Compositions", Decimal("95.00"), TVA_INTERMEDIAIRE),
    ("Bouquet de mariée rond", "Bouquet monté à la main, réalisé sur rendez-vous selon vos couleurs.",
     "Compositions", Decimal("90.00"), TVA_INTERMEDIAIRE),
    ("Boutonnière pour le marié", "Petite composition assortie au bouquet de la mariée.",
     "Compositions", Decimal("12.00"), TVA_INTERMEDIAIRE),
    ("Couronne de l'Avent", "Couronne de sapin et quatre bougies, décorée de pommes de pin et de rubans.",
     "Compositions", Decimal("38.00"), TVA_INTERMEDIAIRE),
    ("Centre de table avec bougie", "Composition basse de saison autour d'une bougie, pour vos dîners.",
     "Compositions", Decimal("32.00"), TVA_INTERMEDIAIRE),
    ("Orchidée phalaenopsis (2 tiges)", "Floraison longue de plusieurs semaines, facile à entretenir.",
     "Plantes", Decimal("29.90"), TVA_INTERMEDIAIRE),
    ("Chrysanthème en pot", "La fleur de la Toussaint, en grosses boules colorées.",
     "Plantes", Decimal("14.90"), TVA_INTERMEDIAIRE),
    ("Cyclamen en pot", "Floraison hivernale généreuse, pour l'intérieur comme pour le balcon.",
     "Plantes", Decimal("7.90"), TVA_INTERMEDIAIRE),
    ("Olivier en pot (80 cm)", "Jeune olivier rustique pour terrasse ensoleillée.",
     "Plantes", Decimal("45.00"), TVA_INTERMEDIAIRE),
    ("Lavande en pot", "Lavande parfumée, idéale en bordure ou en jardinière.",
     "Plantes", Decimal("8.90"), TVA_INTERMEDIAIRE),
    ("Kalanchoé en pot", "Plante grasse fleurie qui demande très peu d'eau.",
     "Plantes", Decimal("6.90"), TVA_INTERMEDIAIRE),
    ("Ficus lyrata (60 cm)", "Plante verte aux grandes feuilles en forme de violon.",
     "Plantes", Decimal("34.00"), TVA_INTERMEDIAIRE),
    ("Brin de muguet en pot", "Le porte-bonheur du 1er mai, en pot de terre cuite.",
     "Plantes", Decimal("6.90"), TVA_INTERMEDIAIRE),
    ("Hortensia en pot", "Grosses têtes fleuries bleues, roses ou blanches, à replanter au jardin.",
     "Plantes", Decimal("22.00"), TVA_INTERMEDIAIRE),
    ("Vase en verre soufflé", "Vase transparent de 25 cm, soufflé à la bouche.",
     "Accessoires", Decimal("24.90"), TVA_NORMALE),
    ("Cache-pot en zinc", "Zinc patiné au style campagne, diamètre 16 cm.",
     "Accessoires", Decimal("14.90"), TVA_NORMALE),
    ("Carte message et enveloppe", "Carte illustrée pour accompagner vos fleurs d'un mot.",
     "Accessoires", Decimal("2.50"), TVA_NORMALE),
    ("Bougie parfumée au figuier", "Cire végétale coulée à la main, environ quarante heures de combustion.",
     "Accessoires", Decimal("18.50"), TVA_NORMALE),
]

QUINCAILLERIE: list[Product] = [
    ("Marteau de charpentier 600 g", "Tête forgée et manche en frêne, arrache-clou intégré.",
     "Outillage", Decimal("24.90"), TVA_NORMALE),
    ("Tournevis isolés (coffret de 6)", "Tournevis plats et "
     "cruciformes isolés 1000 V pour les travaux électriques.", "Outillage", Decimal("29.90"), TVA_NORMALE),
    ("Mètre ruban 5 m", "Ruban acier de 25 mm avec blocage et crochet magnétique.",
     "Outillage", Decimal("9.90"), TVA_NORMALE),
    ("Niveau à bulle 60 cm", "Profilé aluminium avec trois fioles, précision 0,5 mm/m.",
     "Outillage", Decimal("16.90"), TVA_NORMALE),
    ("Scie égoïne 500 mm", "Denture trempée pour la coupe du bois, poignée bi-matière.",
     "Outillage", Decimal("19.90"), TVA_NORMALE),
    ("Pince multiprise 250 mm", "Réglage rapide à crémaillère, pour la plomberie et le bricolage.",
     "Outillage", Decimal("18.50"), TVA_NORMALE),
    ("Clé à molette 200 mm", "Acier chrome-vanadium, ouverture jusqu'à 24 mm.",
     "Outillage", Decimal("15.90"), TVA_NORMALE),
    ("Cutter à lame sécable 18 mm", "Corps métallique et blocage automatique de la lame.",
     "Outillage", Decimal("6.50"), TVA_NORMALE),
    ("Sécateur de vigne à lame franche", "Lame forgée interchangeable, l'outil des vignerons du Marmandais.",
     "Outillage", Decimal("34.90"), TVA_NORMALE),
    ("Perceuse-visseuse sans fil 18 V", "Livrée avec deux batteries, "
     "un chargeur et un coffret de rangement.", "Outillage", Decimal("129.00"), TVA_NORMALE),
    ("Vis à bois tête fraisée 4 × 40 mm (boîte de 200)", "Vis zinguées à empreinte cruciforme, "
     "pointe auto-perceuse.", "Visserie et fixations", Decimal("8.90"), TVA_NORMALE),
    ("Chevilles nylon 8 mm (sachet de 50)", "Pour béton, brique pleine et pierre.",
     "Visserie et fixations", Decimal("4.90"), TVA_NORMALE),
    ("Clous tête plate 2,5 × 50 mm (500 g)", "Clous en acier lisse pour la menuiserie courante.",
     "Visserie et fixations", Decimal("5.40"), TVA_NORMALE),
    ("Équerres d'assemblage zinguées (lot de 4)", "Équerres renforcées de 60 mm pour meubles et étagères.",
     "Visserie et fixations", Decimal("3.90"), TVA_NORMALE),
    ("Cadenas en laiton 40 mm", "Anse en acier trempé, livré avec trois clés.",
     "Visserie et fixations", Decimal("12.90"), TVA_NORMALE),
    ("Charnières en acier 80 mm (lot de 2)", "Charnières universelles pour portes de placard et coffres.",
     "Visserie et fixations", Decimal("5.90"), TVA_NORMALE),
    ("Colle à bois vinylique (750 g)", "Prise rapide, pour l'assemblage de tous les bois en intérieur.",
     "Visserie et fixations", Decimal("9.80"), TVA_NORMALE),
    ("Ampoule LED E27 8,5 W blanc chaud", "Équivalent 60 W, durée de vie annoncée de 15 000 heures.",
     "Électricité", Decimal("5.90"), TVA_NORMALE),
    ("Rallonge électrique 3 prises 3 m", "Câble souple avec prises à éclipse et terre.",
     "Électricité", Decimal("12.90"), TVA_NORMALE),
    ("Piles alcalines AA (blister de 8)", "Piles longue durée pour télécommandes, jouets et lampes.",
     "Électricité", Decimal("8.90"), TVA_NORMALE),
    ("Lampe frontale rechargeable", "300 lumens, rechargeable par câble USB, "
     "idéale pour le jardin comme pour le garage.", "Électricité", Decimal("29.90"), TVA_NORMALE),
    ("Multiprise parafoudre 6 prises", "Interrupteur lumineux et protection contre les surtensions.",
     "Électricité", Decimal("24.90"), TVA_NORMALE),
    ("Dominos de raccordement (barrette de 12)", "Barrette sécable pour fils de 2,5 mm².",
     "Électricité", Decimal("3.20"), TVA_NORMALE),
    ("Joints fibre 20 × 27 (sachet de 10)", "Joints pour raccords de robinetterie et de compteur.",
     "Plomberie", Decimal("3.50"), TVA_NORMALE),
    ("Ruban PTFE 12 mm × 12 m", "Ruban d'étanchéité pour raccords filetés.",
     "Plomberie", Decimal("1.90"), TVA_NORMALE),
    ("Robinet flotteur de chasse d'eau", "Alimentation latérale ou par le bas, silencieux.",
     "Plomberie", Decimal("14.90"), TVA_NORMALE),
    ("Flexible de douche 1,75 m", "Gaine inox anti-torsion, raccords universels.",
     "Plomberie", Decimal("12.50"), TVA_NORMALE),
    ("Ventouse de débouchage", "Ventouse à soufflet pour éviers, lavabos et douches.",
     "Plomberie", Decimal("7.90"), TVA_NORMALE),
    ("Boîte aux lettres normalisée", "Acier galvanisé laqué, conforme aux normes de La Poste.",
     "Maison", Decimal("49.00"), TVA_NORMALE),
    ("Escabeau aluminium 3 marches", "Marches larges antidérapantes et plateau porte-outils.",
     "Maison", Decimal("59.00"), TVA_NORMALE),
    ("Pelote de ficelle de jute (100 m)", "Ficelle naturelle pour le jardin, "
     "les emballages et les bottes de légumes.", "Maison", Decimal("4.50"), TVA_NORMALE),
    ("Seau de maçon 12 L", "Seau renforcé avec anse métallique.", "Maison", Decimal("4.90"), TVA_NORMALE),
]

CAVISTE: list[Product] = [
    ("Côtes du Marmandais rouge AOP 2022 (75 cl)", "Assemblage de merlot, de cabernets et d'abouriou, "
     "le cépage emblématique du Marmandais.", "Vins rouges", Decimal("9.50"), TVA_NORMALE),
    ("Côtes du Marmandais cuvée abouriou 2021 (75 cl)", "Un abouriou majoritaire aux tanins "
     "souples et aux notes de fruits noirs, à carafer.", "Vins rouges", Decimal("14.90"), TVA_NORMALE),
    ("Buzet rouge AOP 2021 (75 cl)", "Merlot et cabernets des coteaux de l'Albret, élevé en cuve et en fût.",
     "Vins rouges", Decimal("11.90"), TVA_NORMALE),
    ("Buzet rouge élevé en fût de chêne 2019 (75 cl)", "Une cuvée de garde aux notes de cacao "
     "et de pruneau, pour le gibier et les viandes en sauce.", "Vins rouges", Decimal("18.50"), TVA_NORMALE),
    ("Côtes de Duras rouge AOP 2022 (75 cl)", "Vin fruité et gourmand des coteaux voisins de Duras, "
     "à boire sur le fruit.", "Vins rouges", Decimal("8.90"), TVA_NORMALE),
    ("Brulhois rouge AOP 2020 (75 cl)", "Le vin noir des environs d'Agen, à base de tannat et de cabernet.",
     "Vins rouges", Decimal("10.50"), TVA_NORMALE),
    ("Cahors malbec AOP 2020 (75 cl)", "Malbec puissant de la vallée du Lot, "
     "aux notes de mûre et de réglisse.", "Vins rouges", Decimal("15.90"), TVA_NORMALE),
    ("Madiran AOP 2019 (75 cl)", "Tannat charpenté, le partenaire du confit et du magret de canard.",
     "Vins rouges", Decimal("17.50"), TVA_NORMALE),
    ("Bordeaux supérieur AOP 2020 (75 cl)", "Merlot et cabernet sauvignon élevés douze mois en barriques.",
     "Vins rouges", Decimal("12.50"), TVA_NORMALE),
    ("Saint-Émilion grand cru AOP 2018 (75 cl)", "Un grand cru de la rive droite, souple, "
     "profond et prêt à boire.", "Vins rouges", Decimal("34.00"), TVA_NORMALE),
    ("Bergerac rouge AOP 2022 (75 cl)", "Vin léger et fruité du Périgord pourpre, "
     "pour les repas de tous les jours.", "Vins rouges", Decimal("8.50"), TVA_NORMALE),
    ("Côtes de Duras sauvignon AOP 2023 (75 cl)", "Blanc sec vif aux arômes d'agrumes et de buis, "
     "parfait avec les huîtres.", "Blancs, rosés et effervescents", Decimal("8.90"), TVA_NORMALE),
    ("Buzet rosé AOP 2024 (75 cl)", "Rosé de saignée frais et fruité, pour les soirées d'été.",
     "Blancs, rosés et effervescents", Decimal("8.50"), TVA_NORMALE),
    ("Côtes du Marmandais rosé AOP 2024 (75 cl)", "Robe pâle et notes de fruits rouges, idéal à l'apéritif.",
     "Blancs, rosés et effervescents", Decimal("7.90"), TVA_NORMALE),
    ("Jurançon moelleux AOP 2021 (75 cl)", "Petit et gros manseng aux arômes "
     "de fruits exotiques et de miel.", "Blancs, rosés et effervescents", Decimal("19.50"), TVA_NORMALE),
    ("Monbazillac AOP 2020 (50 cl)", "Liquoreux du Bergeracois, à servir avec le foie gras.",
     "Blancs, rosés et effervescents", Decimal("13.90"), TVA_NORMALE),
    ("Entre-deux-mers AOP 2023 (75 cl)", "Blanc sec et frais, le compagnon des fruits de mer.",
     "Blancs, rosés et effervescents", Decimal("9.50"), TVA_NORMALE),
    ("Gaillac perlé AOP 2023 (75 cl)", "Blanc légèrement perlant, vif et désaltérant.",
     "Blancs, rosés et effervescents", Decimal("8.90"), TVA_NORMALE),
    ("Crémant de Bordeaux brut (75 cl)", "Bulles fines et arômes de pomme verte, "
     "pour trinquer sans se ruiner.", "Blancs, rosés et effervescents", Decimal("13.50"), TVA_NORMALE),
    ("Champagne brut (75 cl)", "Champagne de vigneron, assemblage de pinot noir, "
     "de meunier et de chardonnay.", "Blancs, rosés et effervescents", Decimal("32.00"), TVA_NORMALE),
    ("Bas-Armagnac 10 ans d'âge (70 cl)", "Eau-de-vie de Gascogne vieillie en fûts de chêne noir, "
     "notes de pruneau et de vanille.", "Spiritueux", Decimal("49.00"), TVA_NORMALE),
    ("Floc de Gascogne blanc AOP (75 cl)", "Apéritif gascon de jus de raisin et d'armagnac, "
     "à servir bien frais.", "Spiritueux", Decimal("16.90"), TVA_NORMALE),
    ("Liqueur de pruneaux d'Agen à l'armagnac (50 cl)", "Pruneaux d'Agen macérés dans l'armagnac, "
     "en digestif ou sur une glace vanille.", "Spiritueux", Decimal("24.90"), TVA_NORMALE),
    ("Eau-de-vie de prune (50 cl)", "Distillée à partir de prunes d'Ente du Lot-et-Garonne.",
     "Spiritueux", Decimal("29.00"), TVA_NORMALE),
    ("Cognac VSOP (70 cl)", "Cognac rond et fruité, vieilli au moins quatre ans.",
     "Spiritueux", Decimal("45.00"), TVA_NORMALE),
    ("Rhum agricole blanc de Martinique AOC (70 cl)", "Pur jus de canne, 50 % vol., pour les ti-punchs.",
     "Spiritueux", Decimal("27.50"), TVA_NORMALE),
    ("Whisky single malt français (70 cl)", "Malt tourbé distillé en France, "
     "élevé en fûts de vin du Sud-Ouest.", "Spiritueux", Decimal("52.00"), TVA_NORMALE),
    ("Bière blonde artisanale (33 cl)", "Brassée en Lot-et-Garonne, "
     "non filtrée et refermentée en bouteille.", "Bières et cidres", Decimal("3.50"), TVA_NORMALE),
    ("Bière ambrée artisanale (75 cl)", "Notes de caramel et de pain grillé, à partager.",
     "Bières et cidres", Decimal("7.90"), TVA_NORMALE),
    ("Cidre brut fermier (75 cl)", "Cidre de Normandie issu de pommes à cidre de haute tige.",
     "Bières et cidres", Decimal("5.90"), TVA_NORMALE),
    ("Jus de raisin de merlot (75 cl)", "Jus de raisin pressé chez un vigneron du Marmandais, "
     "sans sucre ajouté.", "Épicerie", Decimal("5.50"), TVA_REDUITE),
]

EPICERIE_FINE: list[Product] = [
    ("Pâtes fraîches aux œufs 500 g", "Tagliatelles aux œufs de plein air, fabriquées "
     "chaque semaine par un artisan pastier de Tonneins.", "Épicerie salée", Decimal("4.90"), TVA_REDUITE),
    ("Pâtes fraîches farcies aux cèpes 250 g", "Raviolis à la farce de cèpes et de ricotta, "
     "trois minutes de cuisson.", "Épicerie salée", Decimal("5.90"), TVA_REDUITE),
    ("Foie gras de canard entier mi-cuit (180 g)", "Canard du Sud-Ouest IGP, cuit au "
     "torchon et mis en bocal par un producteur gersois.", "Épicerie salée", Decimal("29.90"), TVA_REDUITE),
    ("Confit de canard (4 cuisses, 1,5 kg)", "Cuisses confites dans leur graisse, "
     "à réchauffer à la poêle avec des pommes de terre.", "Épicerie salée", Decimal("26.90"), TVA_REDUITE),
    ("Garbure gasconne (bocal de 800 g)", "Soupe paysanne aux légumes, aux haricots et au confit de canard.",
     "Épicerie salée", Decimal("9.90"), TVA_REDUITE),
    ("Terrine de canard aux pruneaux d'Agen (180 g)", "Terrine rustique relevée "
     "de pruneaux d'Agen et d'une pointe d'armagnac.", "Épicerie salée", Decimal("6.50"), TVA_REDUITE),
    ("Huile d'olive vierge extra (75 cl)", "Première pression à froid, fruité vert et notes d'herbe coupée.",
     "Épicerie salée", Decimal("16.90"), TVA_REDUITE),
    ("Huile de noix du Périgord AOP (25 cl)", "Pressée à l'ancienne au moulin, "
     "pour les salades et les poissons.", "Épicerie salée", Decimal("9.90"), TVA_REDUITE),
    ("Vinaigre de vin vieux (50 cl)", "Vinaigre de vin rouge du Sud-Ouest vieilli en fût de chêne.",
     "Épicerie salée", Decimal("7.50"), TVA_REDUITE),
    ("Moutarde violette de Brive (200 g)", "Moutarde au moût de raisin, le condiment des viandes froides.",
     "Épicerie salée", Decimal("5.80"), TVA_REDUITE),
    ("Piment d'Espelette AOP en poudre (40 g)", "Piment séché au soleil du Pays basque, "
     "chaleur douce et parfumée.", "Épicerie salée", Decimal("9.50"), TVA_REDUITE),
    ("Fleur de sel de Guérande (125 g)", "Récoltée à la "
     "main par les paludiers de la presqu'île guérandaise.", "Épicerie salée", Decimal("4.90"), TVA_REDUITE),
    ("Sauce tomate à la tomate de Marmande (340 g)", "Tomates de Marmande cuisinées à l'huile d'olive, "
     "à l'oignon et au basilic.", "Épicerie salée", Decimal("4.20"), TVA_REDUITE),
    ("Riz de Camargue IGP (1 kg)", "Riz long à la cuisson parfaite, cultivé dans le delta du Rhône.",
     "Épicerie salée", Decimal("4.90"), TVA_REDUITE),
    ("Lentilles vertes du Puy AOP (500 g)", "Petites lentilles fines qui se tiennent à la cuisson.",
     "Épicerie salée", Decimal("4.40"), TVA_REDUITE),
    ("Haricots tarbais IGP (500 g)", "Haricots blancs fondants, la base des garbures et des cassoulets.",
     "Épicerie salée", Decimal("9.90"), TVA_REDUITE),
    ("Sardines millésimées à l'huile d'olive (115 g)", "Sardines de Bretagne préparées à la main, "
     "à laisser vieillir quelques années.", "Épicerie salée", Decimal("6.90"), TVA_REDUITE),
    ("Pruneaux d'Agen IGP mi-cuits (500 g)", "Pruneaux moelleux et charnus du Lot-et-Garonne, "
     "à croquer tels quels.", "Épicerie sucrée", Decimal("9.50"), TVA_REDUITE),
    ("Crème de pruneaux d'Agen (250 g)", "À tartiner sur une crêpe ou à glisser dans un yaourt.",
     "Épicerie sucrée", Decimal("5.60"), TVA_REDUITE),
    ("Confiture de tomates vertes (320 g)", "Tomates vertes de Marmande "
     "cuites au chaudron avec un zeste de citron.", "Épicerie sucrée", Decimal("5.90"), TVA_REDUITE),
    ("Miel d'acacia (500 g)", "Miel clair et doux récolté par un apiculteur du Lot-et-Garonne.",
     "Épicerie sucrée", Decimal("11.50"), TVA_REDUITE),
    ("Noisettes grillées (250 g)", "Noisettes de la région de Cancon, torréfiées à cœur.",
     "Épicerie sucrée", Decimal("6.90"), TVA_REDUITE),
    ("Croquants aux amandes (200 g)", "Biscuits secs et croustillants, pour le café ou le dessert.",
     "Épicerie sucrée", Decimal("5.20"), TVA_REDUITE),
    ("Farine de maïs pour millas (500 g)", "Pour préparer le millas, "
     "le gâteau de maïs traditionnel de Gascogne.", "Épicerie sucrée", Decimal("3.50"), TVA_REDUITE),
    ("Pruneaux d'Agen fourrés (boîte de 400 g)", "Pruneaux fourrés à la crème de pruneau, "
     "la spécialité des confiseurs agenais.", "Confiseries", Decimal("16.90"), TVA_NORMALE),
    ("Calissons d'Aix (boîte de 200 g)", "Pâte d'amande et de melon confit sous glace royale.",
     "Confiseries", Decimal("14.90"), TVA_NORMALE),
    ("Nougat tendre aux noisettes (200 g)", "Miel, blancs d'œufs et noisettes du Lot-et-Garonne.",
     "Confiseries", Decimal("8.90"), TVA_NORMALE),
    ("Pâtes de fruits artisanales (250 g)", "Coing, abricot, framboise et prune, cuites au chaudron.",
     "Confiseries", Decimal("9.50"), TVA_NORMALE),
    ("Floc de Gascogne rouge AOP (75 cl)", "Apéritif gascon aux notes de fruits rouges, à servir frais.",
     "Boissons", Decimal("17.50"), TVA_NORMALE),
    ("Armagnac VSOP (70 cl)", "Eau-de-vie de Gascogne vieillie au moins quatre ans en fût de chêne.",
     "Boissons", Decimal("39.00"), TVA_NORMALE),
    ("Jus de tomate de Marmande (75 cl)", "Jus de tomates mûres simplement salé, à servir très frais.",
     "Boissons", Decimal("4.90"), TVA_REDUITE),
]

CHOCOLATIER: list[Product] = [
    ("Ballotin de chocolats assortis (250 g)", "Pralinés, ganaches et caramels au chocolat noir et au lait, "
     "confectionnés à l'atelier.", "Bonbons de chocolat", Decimal("22.50"), TVA_REDUITE),
    ("Ballotin de chocolats assortis (500 g)", "Notre assortiment complet "
     "d'une quarantaine de bonbons de chocolat.", "Bonbons de chocolat", Decimal("43.00"), TVA_REDUITE),
    ("Pralinés noisette (200 g)", "Praliné à l'ancienne aux noisettes du Lot-et-Garonne, "
     "enrobé de chocolat au lait.", "Bonbons de chocolat", Decimal("19.90"), TVA_REDUITE),
    ("Ganaches pruneau et armagnac (150 g)", "La spécialité de la maison : "
     "pruneau d'Agen et armagnac sous chocolat noir.", "Bonbons de chocolat", Decimal("16.50"), TVA_REDUITE),
    ("Truffes au chocolat (200 g)", "Ganache fondante roulée dans le cacao pur.",
     "Bonbons de chocolat", Decimal("14.90"), TVA_REDUITE),
    ("Rochers au praliné amande (× 6)", "Praliné croustillant aux "
     "éclats d'amandes enrobé de chocolat au lait.", "Bonbons de chocolat", Decimal("9.90"), TVA_REDUITE),
    ("Orangettes (150 g)", "Écorces d'orange confites à l'atelier et enrobées de chocolat noir.",
     "Bonbons de chocolat", Decimal("11.90"), TVA_REDUITE),
    ("Mendiants au chocolat noir (150 g)", "Palets de chocolat noir garnis d'amandes, de noisettes, "
     "de pistaches et de raisins.", "Bonbons de chocolat", Decimal("10.50"), TVA_REDUITE),
    ("Pruneaux d'Agen enrobés de chocolat noir (200 g)", "Pruneaux d'Agen "
     "moelleux sous une fine coque de chocolat noir.", "Bonbons de chocolat", Decimal("14.50"), TVA_REDUITE),
    ("Noisettes caramélisées au chocolat (150 g)", "Noisettes torréfiées, "
     "caramélisées puis enrobées de chocolat au lait.", "Bonbons de chocolat", Decimal("9.50"), TVA_REDUITE),
    ("Coffret découverte de 16 grands crus", "Seize carrés de chocolats d'origine, du Pérou à Madagascar.",
     "Bonbons de chocolat", Decimal("18.00"), TVA_REDUITE),
    ("Tablette chocolat noir 70 % Pérou (100 g)", "Chocolat noir pur beurre de cacao, "
     "notes de fruits rouges.", "Tablettes", Decimal("6.50"), TVA_REDUITE),
    ("Tablette chocolat noir 85 % (100 g)", "Intense et peu sucré, pour les amateurs de cacao.",
     "Tablettes", Decimal("6.50"), TVA_REDUITE),
    ("Tablette chocolat noir 64 % Madagascar (100 g)", "Acidulé et fruité, "
     "fabriqué à partir de fèves de Madagascar.", "Tablettes", Decimal("6.50"), TVA_REDUITE),
    ("Tablette chocolat au lait 40 % (100 g)", "Chocolat au lait riche en cacao, aux notes de caramel.",
     "Tablettes", Decimal("6.20"), TVA_NORMALE),
    ("Tablette noire aux noisettes entières (120 g)", "Noisettes du Lot-et-Garonne torréfiées, "
     "prises dans un chocolat noir 64 %.", "Tablettes", Decimal("7.50"), TVA_NORMALE),
    ("Tablette chocolat blanc à la vanille (100 g)", "Beurre de cacao et vraie vanille de Madagascar.",
     "Tablettes", Decimal("6.20"), TVA_NORMALE),
    ("Tablette lait au caramel au beurre salé (100 g)", "Chocolat "
     "au lait et éclats de caramel au beurre salé.", "Tablettes", Decimal("6.90"), TVA_NORMALE),
    ("Œuf de Pâques en chocolat noir garni (250 g)", "Œuf moulé à la main et garni de petites fritures.",
     "Moulages", Decimal("24.00"), TVA_NORMALE),
    ("Poule en chocolat au lait (200 g)", "Moulage de Pâques décoré à la main.",
     "Moulages", Decimal("18.50"), TVA_NORMALE),
    ("Friture de Pâques (200 g)", "Petits poissons et coquillages en chocolat noir, au lait et blanc.",
     "Moulages", Decimal("9.90"), TVA_NORMALE),
    ("Père Noël en chocolat au lait (150 g)", "Moulage de Noël décoré à la main.",
     "Moulages", Decimal("12.90"), TVA_NORMALE),
    ("Calendrier de l'Avent (24 chocolats)", "Vingt-quatre bonbons de chocolat pour patienter jusqu'à Noël.",
     "Moulages", Decimal("29.00"), TVA_NORMALE),
    ("Sucettes en chocolat au lait (× 4)", "Sucettes aux formes amusantes, pour les goûters d'enfants.",
     "Moulages", Decimal("8.50"), TVA_NORMALE),
    ("Pâtes de fruits maison (200 g)", "Fruits de saison cuits au chaudron : coing, prune, framboise, "
     "abricot.", "Confiseries", Decimal("9.90"), TVA_NORMALE),
    ("Guimauves artisanales à la vanille (150 g)", "Moelleuses et légères, "
     "à déguster telles quelles ou dans un chocolat chaud.", "Confiseries", Decimal("7.90"), TVA_NORMALE),
    ("Caramels au beurre salé (200 g)", "Caramels tendres cuits au chaudron de cuivre.",
     "Confiseries", Decimal("8.90"), TVA_NORMALE),
    ("Nougatine aux amandes (150 g)", "Plaque de nougatine croquante, cassée à la main.",
     "Confiseries", Decimal("8.50"), TVA_NORMALE),
    ("Marrons glacés (boîte de 6)", "Marrons confits lentement puis glacés, pour les fêtes de fin d'année.",
     "Confiseries", Decimal("16.90"), TVA_NORMALE),
    ("Pâte à tartiner noisettes et chocolat (250 g)", "Cinquante pour cent de noisettes du Lot-et-Garonne, "
     "sans huile de palme.", "Épicerie chocolatée", Decimal("9.50"), TVA_REDUITE),
    ("Chocolat en poudre pour chocolat chaud (250 g)", "Copeaux "
     "de chocolat noir à fondre dans le lait chaud.", "Épicerie chocolatée", Decimal("8.90"), TVA_REDUITE),
]

TRAITEUR: list[Product] = [
    ("Salade piémontaise (500 g)", "Pommes de terre, œufs durs, jambon, cornichons et mayonnaise maison.",
     "Entrées", Decimal("7.90"), TVA_INTERMEDIAIRE),
    ("Taboulé à la menthe fraîche (500 g)", "Semoule fine, tomates, concombre, menthe et citron.",
     "Entrées", Decimal("7.50"), TVA_INTERMEDIAIRE),
    ("Céleri rémoulade (500 g)", "Céleri-rave râpé minute et sauce rémoulade à la moutarde.",
     "Entrées", Decimal("6.90"), TVA_INTERMEDIAIRE),
    ("Foie gras de canard mi-cuit maison (tranche de 60 g)", "Foie gras du Sud-Ouest cuit au torchon, "
     "relevé d'une pointe d'armagnac.", "Entrées", Decimal("8.90"), TVA_INTERMEDIAIRE),
    ("Œufs mimosa (× 4)", "Œufs de plein air garnis de mayonnaise maison et de ciboulette.",
     "Entrées", Decimal("6.50"), TVA_INTERMEDIAIRE),
    ("Salade de tomates de Marmande au basilic (400 g)", "Tomates de Marmande, huile d'olive, "
     "fleur de sel et basilic frais, en saison.", "Entrées", Decimal("6.90"), TVA_INTERMEDIAIRE),
    ("Terrine de campagne maison (tranche de 150 g)", "Porc fermier, foie de volaille et herbes du jardin.",
     "Entrées", Decimal("3.90"), TVA_INTERMEDIAIRE),
    ("Pâté en croûte volaille et pistaches (tranche)", "Pâte brisée dorée, "
     "farce fine de volaille et pistaches, gelée au porto.", "Entrées", Decimal("5.50"), TVA_INTERMEDIAIRE),
    ("Velouté de potimarron (50 cl)", "Potimarron du Val de Garonne, crème fraîche et muscade, "
     "à réchauffer.", "Entrées", Decimal("5.90"), TVA_INTERMEDIAIRE),
    ("Blanquette de veau à l'ancienne (part)", "Veau mijoté, champignons et petits oignons, "
     "sauce à la crème et riz pilaf.", "Plats cuisinés", Decimal("11.90"), TVA_INTERMEDIAIRE),
    ("Confit de canard et pommes sarladaises (part)", "Cuisse de canard confite et pommes de terre "
     "rissolées à la graisse de canard et à l'ail.", "Plats cuisinés", Decimal("14.50"), TVA_INTERMEDIAIRE),
    ("Axoa de veau au piment d'Espelette (part)", "Veau haché au couteau, poivrons et piment d'Espelette, "
     "la recette basque.", "Plats cuisinés", Decimal("12.50"), TVA_INTERMEDIAIRE),
    ("Garbure gasconne (part)", "Soupe épaisse de chou, de haricots et de légumes au confit de canard.",
     "Plats cuisinés", Decimal("9.90"), TVA_INTERMEDIAIRE),
    ("Bœuf bourguignon (part)", "Bœuf mijoté six heures au vin rouge, lardons, carottes et champignons.",
     "Plats cuisinés", Decimal("11.50"), TVA_INTERMEDIAIRE),
    ("Lasagnes à la bolognaise (part)", "Pâtes fraîches, sauce bolognaise maison et béchamel gratinée.",
     "Plats cuisinés", Decimal("9.50"), TVA_INTERMEDIAIRE),
    ("Tomates farcies de Marmande (× 2)", "Tomates de Marmande farcies de porc et de veau aux herbes, "
     "cuites au four.", "Plats cuisinés", Decimal("9.90"), TVA_INTERMEDIAIRE),
    ("Gratin dauphinois (500 g)", "Pommes de terre fondantes, crème et pointe d'ail.",
     "Plats cuisinés", Decimal("7.90"), TVA_INTERMEDIAIRE),
    ("Poulet basquaise et riz pilaf (part)", "Poulet fermier mijoté aux poivrons, "
     "aux tomates et au piment d'Espelette.", "Plats cuisinés", Decimal("10.90"), TVA_INTERMEDIAIRE),
    ("Dos de cabillaud au beurre blanc (part)", "Cabillaud rôti, beurre blanc à l'échalote et riz parfumé.",
     "Plats cuisinés", Decimal("13.90"), TVA_INTERMEDIAIRE),
    ("Parmentier de canard (part)", "Confit de canard effiloché sous une purée maison gratinée.",
     "Plats cuisinés", Decimal("11.50"), TVA_INTERMEDIAIRE),
    ("Civet de sanglier aux cèpes (part)", "Sanglier des bois du Lot-et-Garonne mariné au vin de Buzet, "
     "cèpes et lardons.", "Plats cuisinés", Decimal("14.90"), TVA_INTERMEDIAIRE),
    ("Paella royale (part)", "Riz au safran, poulet, chorizo, moules, gambas et encornets.",
     "Plats cuisinés", Decimal("12.90"), TVA_INTERMEDIAIRE),
    ("Tourte au confit de canard et aux cèpes (part)", "Pâte feuilletée, "
     "confit de canard effiloché et cèpes poêlés.", "Plats cuisinés", Decimal("7.90"), TVA_INTERMEDIAIRE),
    ("Tiramisu maison (part)", "Mascarpone, biscuits imbibés de café et cacao amer.",
     "Desserts", Decimal("4.50"), TVA_INTERMEDIAIRE),
    ("Mousse au chocolat noir (pot)", "Chocolat noir 70 % et œufs de plein air.",
     "Desserts", Decimal("3.90"), TVA_INTERMEDIAIRE),
    ("Crème brûlée (pot)", "Crème vanillée à la gousse, caramélisée à la minute.",
     "Desserts", Decimal("3.90"), TVA_INTERMEDIAIRE),
    ("Riz au lait vanillé (pot)", "Riz rond cuit lentement au lait entier et à la vanille.",
     "Desserts", Decimal("3.20"), TVA_INTERMEDIAIRE),
    ("Croustade aux pommes (part)", "Pâte feuilletée à la main, pommes et armagnac, la spécialité gasconne.",
     "Desserts", Decimal("4.50"), TVA_INTERMEDIAIRE),
    ("Plateau de 24 canapés assortis", "Canapés salés au saumon, au foie gras, "
     "au jambon de Bayonne et aux légumes.", "Pièces cocktail", Decimal("36.00"), TVA_INTERMEDIAIRE),
    ("Mini pâtés chauds (× 12)", "Petits feuilletés à la viande, à réchauffer dix minutes au four.",
     "Pièces cocktail", Decimal("18.00"), TVA_INTERMEDIAIRE),
    ("Verrines apéritives (× 12)", "Verrines de saison, sucrées et salées, pour vos apéritifs dînatoires.",
     "Pièces cocktail", Decimal("27.00"), TVA_INTERMEDIAIRE),
    ("Toasts de foie gras au pruneau (× 12)", "Pain d'épices, foie gras mi-cuit et éclat de pruneau d'Agen.",
     "Pièces cocktail", Decimal("32.00"), TVA_INTERMEDIAIRE),
]

TORREFACTEUR: list[Product] = [
    ("Café Éthiopie moka Sidamo en grains (250 g)", "Notes florales et d'agrumes, "
     "torréfié chaque semaine dans notre atelier.", "Cafés en grains", Decimal("9.90"), TVA_REDUITE),
    ("Café Colombie Huila en grains (250 g)", "Équilibré et rond, aux notes de caramel et de fruits rouges.",
     "Cafés en grains", Decimal("8.90"), TVA_REDUITE),
    ("Café Brésil Cerrado en grains (250 g)", "Corps généreux et notes de noisette et de chocolat.",
     "Cafés en grains", Decimal("7.90"), TVA_REDUITE),
    ("Café Guatemala Antigua en grains (250 g)", "Cultivé sur des sols volcaniques, "
     "doux et légèrement épicé.", "Cafés en grains", Decimal("9.50"), TVA_REDUITE),
    ("Café Pérou bio en grains (250 g)", "Arabica bio issu d'une coopérative de petits producteurs.",
     "Cafés en grains", Decimal("8.90"), TVA_REDUITE),
    ("Café Kenya AA en grains (250 g)", "Acidité vive et arômes de cassis, "
     "pour les amateurs de cafés fruités.", "Cafés en grains", Decimal("11.50"), TVA_REDUITE),
    ("Mélange espresso de la maison en grains (1 kg)", "Assemblage d'arabicas du Brésil et "
     "d'Éthiopie et d'un robusta d'Inde, crème épaisse.", "Cafés en grains", Decimal("29.90"), TVA_REDUITE),
    ("Café décaféiné Colombie en grains (250 g)", "Décaféiné à l'eau, sans solvant, "
     "avec tout le goût du café.", "Cafés en grains", Decimal("9.90"), TVA_REDUITE),
    ("Café Costa Rica Tarrazú en grains (250 g)", "Café de haute altitude, net et sucré.",
     "Cafés en grains", Decimal("10.50"), TVA_REDUITE),
    ("Café Inde Monsooned Malabar en grains (250 g)", "Grains exposés aux vents de la mousson, "
     "faible acidité et corps puissant.", "Cafés en grains", Decimal("9.90"), TVA_REDUITE),
    ("Café Sumatra Mandheling en grains (250 g)", "Notes boisées et épicées, très peu acide.",
     "Cafés en grains", Decimal("10.50"), TVA_REDUITE),
    ("Café Panama geisha en grains (100 g)", "Un café d'exception aux arômes de jasmin et de bergamote, "
     "en série limitée.", "Cafés en grains", Decimal("19.90"), TVA_REDUITE),
    ("Mélange du matin moulu pour filtre (250 g)", "Mouture moyenne pour cafetière filtre, doux et rond.",
     "Cafés moulus", Decimal("7.50"), TVA_REDUITE),
    ("Moka d'Éthiopie moulu pour cafetière italienne (250 g)", "Mouture "
     "fine adaptée aux cafetières italiennes.", "Cafés moulus", Decimal("9.90"), TVA_REDUITE),
    ("Capsules compostables espresso (× 10)", "Capsules compatibles remplies de notre mélange espresso.",
     "Cafés moulus", Decimal("4.20"), TVA_REDUITE),
    ("Café décaféiné moulu (250 g)", "Mouture universelle pour filtre ou piston.",
     "Cafés moulus", Decimal("8.50"), TVA_REDUITE),
    ("Thé vert sencha du Japon (100 g)", "Feuilles étuvées aux notes végétales et iodées.",
     "Thés et infusions", Decimal("9.50"), TVA_REDUITE),
    ("Thé noir Darjeeling first flush (100 g)", "Première récolte de printemps, léger et floral.",
     "Thés et infusions", Decimal("12.90"), TVA_REDUITE),
    ("Thé noir Earl Grey à la bergamote (100 g)", "Thé noir de Ceylan "
     "parfumé à l'huile essentielle de bergamote.", "Thés et infusions", Decimal("7.90"), TVA_REDUITE),
    ("Thé noir Assam (100 g)", "Corsé et malté, idéal avec un nuage de lait.",
     "Thés et infusions", Decimal("6.90"), TVA_REDUITE),
    ("Rooibos à la vanille (100 g)", "Infusion sans théine d'Afrique du Sud, douce et gourmande.",
     "Thés et infusions", Decimal("6.50"), TVA_REDUITE),
    ("Verveine citronnée (50 g)", "Feuilles entières de verveine, pour une infusion du soir.",
     "Thés et infusions", Decimal("5.90"), TVA_REDUITE),
    ("Thé vert à la menthe (100 g)", "Thé gunpowder et menthe nanah, à sucrer selon la tradition.",
     "Thés et infusions", Decimal("6.90"), TVA_REDUITE),
    ("Tilleul et camomille (50 g)", "Mélange apaisant de fleurs séchées.",
     "Thés et infusions", Decimal("5.50"), TVA_REDUITE),
    ("Cafetière à piston 8 tasses", "Verre borosilicaté et structure inox, filtre fin.",
     "Accessoires", Decimal("34.90"), TVA_NORMALE),
    ("Moulin à café manuel à meules coniques", "Meules en céramique réglables, de l'espresso au piston.",
     "Accessoires", Decimal("49.00"), TVA_NORMALE),
    ("Cafetière italienne 6 tasses", "Aluminium épais, compatible avec tous les feux sauf induction.",
     "Accessoires", Decimal("36.00"), TVA_NORMALE),
    ("Filtres à café n° 4 (× 100)", "Filtres en papier non blanchi.",
     "Accessoires", Decimal("3.50"), TVA_NORMALE),
    ("Théière en fonte 0,8 L", "Fonte émaillée à l'intérieur, filtre inox amovible.",
     "Accessoires", Decimal("45.00"), TVA_NORMALE),
    ("Boule à thé en inox", "Pour infuser le thé en vrac dans une tasse.",
     "Accessoires", Decimal("5.90"), TVA_NORMALE),
    ("Tasses à espresso en grès (lot de 2)", "Tournées à la main par une potière de Lot-et-Garonne.",
     "Accessoires", Decimal("16.00"), TVA_NORMALE),
]

JOUETS: list[Product] = [
    ("Jeu d'échecs en bois pliant", "Plateau pliant de 40 cm servant de coffret, pièces en bois sculpté.",
     "Jeux de société", Decimal("29.90"), TVA_NORMALE),
    ("Jeu de tarot (78 cartes)", "Cartes cartonnées de qualité, le jeu de cartes préféré des Français.",
     "Jeux de société", Decimal("7.90"), TVA_NORMALE),
    ("Mille Bornes classique", "Le jeu de course automobile à partir de 6 ans.",
     "Jeux de société", Decimal("24.90"), TVA_NORMALE),
    ("Petits chevaux et jeu de l'oie", "Plateau réversible pour deux grands classiques en famille.",
     "Jeux de société", Decimal("19.90"), TVA_NORMALE),
    ("Puzzle 1000 pièces paysage de vignes", "Un paysage de "
     "coteaux et de vignes du Sud-Ouest à reconstituer.", "Jeux de société", Decimal("16.90"), TVA_NORMALE),
    ("Dominos en bois (28 pièces)", "Dominos en hêtre dans leur boîte coulissante.",
     "Jeux de société", Decimal("12.90"), TVA_NORMALE),
    ("Jeu des sept familles", "Jeu de cartes illustré, dès 5 ans.",
     "Jeux de société", Decimal("6.90"), TVA_NORMALE),
    ("Circuit de train en bois (40 pièces)", "Rails, pont, locomotive "
     "et wagons compatibles avec les grandes marques.", "Jouets en bois", Decimal("49.90"), TVA_NORMALE),
    ("Cubes à empiler en bois (× 20)", "Cubes en bois peints à l'eau, dès 12 mois.",
     "Jouets en bois", Decimal("22.90"), TVA_NORMALE),
    ("Toupie en hêtre", "Toupie tournée à la main et vernie.",
     "Jouets en bois", Decimal("6.50"), TVA_NORMALE),
    ("Bilboquet en bois", "Le jeu d'adresse traditionnel en hêtre verni.",
     "Jouets en bois", Decimal("7.90"), TVA_NORMALE),
    ("Cuisine de dînette en bois", "Four, plaques, évier et rangements pour imiter les grands.",
     "Jouets en bois", Decimal("119.00"), TVA_NORMALE),
    ("Maison de poupée en bois meublée", "Trois étages et une quinzaine de meubles inclus.",
     "Jouets en bois", Decimal("139.00"), TVA_NORMALE),
    ("Cheval à bascule en bois", "Cheval en bois massif avec selle et crinière en coton.",
     "Jouets en bois", Decimal("159.00"), TVA_NORMALE),
    ("Doudou lapin en coton bio", "Tout doux et lavable en machine, dès la naissance.",
     "Éveil et premier âge", Decimal("24.90"), TVA_NORMALE),
    ("Hochet en bois et silicone", "Hochet léger à saisir et à mordiller, dès 3 mois.",
     "Éveil et premier âge", Decimal("12.90"), TVA_NORMALE),
    ("Tapis d'éveil musical", "Arche amovible, jouets suspendus et mélodies douces.",
     "Éveil et premier âge", Decimal("54.90"), TVA_NORMALE),
    ("Livre en tissu sensoriel", "Pages à froisser, textures et miroir, lavable en machine.",
     "Éveil et premier âge", Decimal("16.90"), TVA_NORMALE),
    ("Boîte à formes en bois", "Douze formes géométriques à faire passer dans les bons trous.",
     "Éveil et premier âge", Decimal("19.90"), TVA_NORMALE),
    ("Culbuto musical", "Se balance et tinte doucement, dès 6 mois.",
     "Éveil et premier âge", Decimal("21.90"), TVA_NORMALE),
    ("Jeu de quilles finlandaises en bois", "Le jeu de lancer en plein air qui réunit petits et grands.",
     "Plein air", Decimal("39.00"), TVA_NORMALE),
    ("Draisienne en bois", "Pour apprendre l'équilibre avant le vélo, dès 2 ans.",
     "Plein air", Decimal("79.00"), TVA_NORMALE),
    ("Corde à sauter en bois et coton", "Poignées en hêtre et corde ajustable.",
     "Plein air", Decimal("8.90"), TVA_NORMALE),
    ("Cerf-volant monofil", "Cerf-volant facile à faire voler, livré avec sa ligne.",
     "Plein air", Decimal("14.90"), TVA_NORMALE),
    ("Set de pétanque pour enfants", "Six boules légères et un cochonnet, dans une sacoche.",
     "Plein air", Decimal("14.90"), TVA_NORMALE),
    ("Seau et pelle de plage", "Seau, pelle, râteau et moule en plastique recyclé.",
     "Plein air", Decimal("6.90"), TVA_NORMALE),
    ("Pâte à modeler (6 pots)", "Pâte souple et colorée, à base d'ingrédients naturels.",
     "Loisirs créatifs", Decimal("9.90"), TVA_NORMALE),
    ("Coffret de perles à enfiler", "Plus de 500 perles en bois et fils pour créer bijoux et bracelets.",
     "Loisirs créatifs", Decimal("14.90"), TVA_NORMALE),
    ("Kit de peinture à doigts", "Six couleurs lavables et un carnet de papier épais.",
     "Loisirs créatifs", Decimal("12.90"), TVA_NORMALE),
    ("Marionnette à main du loup", "Pour raconter les contes de Perrault et les histoires du soir.",
     "Loisirs créatifs", Decimal("19.90"), TVA_NORMALE),
    ("Kit de fabrication de bougies", "Cire végétale, mèches et moules pour créer ses propres bougies.",
     "Loisirs créatifs", Decimal("19.90"), TVA_NORMALE),
]

PRET_A_PORTER: list[Product] = [
    ("Robe portefeuille fleurie", "Viscose légère imprimée de petites fleurs, ceinture à nouer.",
     "Femme", Decimal("69.00"), TVA_NORMALE),
    ("Chemisier en lin", "Lin lavé naturel, coupe ample et boutons de nacre.",
     "Femme", Decimal("59.00"), TVA_NORMALE),
    ("Marinière femme en coton", "Coton épais rayé bleu marine et blanc, tricotée en France.",
     "Femme", Decimal("45.00"), TVA_NORMALE),
    ("Jean droit taille haute", "Denim brut légèrement stretch, coupe droite intemporelle.",
     "Femme", Decimal("79.00"), TVA_NORMALE),
    ("Trench-coat beige", "Gabardine de coton déperlante, ceinture et double boutonnage.",
     "Femme", Decimal("149.00"), TVA_NORMALE),
    ("Pull col roulé en mérinos", "Laine mérinos fine et chaude qui ne gratte pas.",
     "Femme", Decimal("75.00"), TVA_NORMALE),
    ("Jupe plissée midi", "Jupe fluide à plis soleil, taille élastiquée.",
     "Femme", Decimal("59.00"), TVA_NORMALE),
    ("Veste en jean", "Denim délavé, coupe courte et boutons métalliques.",
     "Femme", Decimal("85.00"), TVA_NORMALE),
    ("Gilet long en maille", "Maille épaisse et poches plaquées, pour la mi-saison.",
     "Femme", Decimal("79.00"), TVA_NORMALE),
    ("Chemise oxford en coton", "Coton oxford bleu ciel, col boutonné.",
     "Homme", Decimal("65.00"), TVA_NORMALE),
    ("Pull col rond en laine d'agneau", "Laine d'agneau douce et chaude, coloris marine.",
     "Homme", Decimal("79.00"), TVA_NORMALE),
    ("Pantalon chino", "Sergé de coton, coupe droite, coloris sable.",
     "Homme", Decimal("69.00"), TVA_NORMALE),
    ("Marinière homme en coton épais", "La marinière classique à col bateau, tricotée en France.",
     "Homme", Decimal("55.00"), TVA_NORMALE),
    ("Veste matelassée légère", "Garnissage synthétique chaud et léger, idéale pour la mi-saison.",
     "Homme", Decimal("119.00"), TVA_NORMALE),
    ("Polo piqué", "Maille piquée de coton, col côtelé.", "Homme", Decimal("49.00"), TVA_NORMALE),
    ("Jean brut coupe droite", "Denim japonais non lavé qui se patine avec le temps.",
     "Homme", Decimal("89.00"), TVA_NORMALE),
    ("Sweat à capuche enfant", "Molleton de coton bio, du 4 au 14 ans.",
     "Enfant", Decimal("35.00"), TVA_NORMALE),
    ("Robe à smocks pour fillette", "Coton imprimé à smocks brodés main, du 2 au 8 ans.",
     "Enfant", Decimal("45.00"), TVA_NORMALE),
    ("Salopette en velours côtelé", "Velours doux et résistant, bretelles réglables.",
     "Enfant", Decimal("42.00"), TVA_NORMALE),
    ("Pyjama en coton bio", "Deux pièces en jersey de coton bio certifié.",
     "Enfant", Decimal("29.00"), TVA_NORMALE),
    ("Ciré de pluie enfant", "Imperméable doublé avec capuche, coloris jaune.",
     "Enfant", Decimal("39.00"), TVA_NORMALE),
    ("Bonnet et gants assortis pour enfant", "Tricot de laine et d'acrylique, bien chaud pour l'hiver.",
     "Enfant", Decimal("22.00"), TVA_NORMALE),
    ("Béret en laine", "Le béret traditionnel en laine feutrée, fabriqué dans le Béarn.",
     "Accessoires", Decimal("39.00"), TVA_NORMALE),
    ("Écharpe en laine mérinos", "Grande écharpe douce et chaude, coloris bordeaux.",
     "Accessoires", Decimal("45.00"), TVA_NORMALE),
    ("Ceinture en cuir à tannage végétal", "Cuir pleine fleur et boucle en laiton, façonnée en France.",
     "Accessoires", Decimal("49.00"), TVA_NORMALE),
    ("Chapeau de paille", "Paille naturelle tressée et ruban de gros-grain.",
     "Accessoires", Decimal("35.00"), TVA_NORMALE),
    ("Espadrilles en toile de Mauléon", "Semelle en jute cousue main au Pays basque.",
     "Accessoires", Decimal("29.00"), TVA_NORMALE),
    ("Sac cabas en cuir", "Cuir de vachette grainé, anses longues et poche intérieure zippée.",
     "Accessoires", Decimal("129.00"), TVA_NORMALE),
    ("Foulard en soie imprimé", "Carré de soie de 70 cm imprimé d'un motif floral.",
     "Accessoires", Decimal("59.00"), TVA_NORMALE),
    ("Chaussettes en coton peigné (lot de 3)", "Coton peigné doux et résistant, remaillées à la main.",
     "Accessoires", Decimal("19.00"), TVA_NORMALE),
]

DROGUERIE: list[Product] = [
    ("Savon noir à l'huile de lin (1 L)", "Nettoie et nourrit les sols, "
     "les carrelages et les terres cuites.", "Entretien de la maison", Decimal("6.90"), TVA_NORMALE),
    ("Bicarbonate de soude (1 kg)", "Nettoie, désodorise et détartre toute la maison.",
     "Entretien de la maison", Decimal("5.90"), TVA_NORMALE),
    ("Vinaigre blanc ménager 14° (1 L)", "Détartrant et désinfectant naturel "
     "pour la cuisine et la salle de bains.", "Entretien de la maison", Decimal("2.90"), TVA_NORMALE),
    ("Cristaux de soude (1 kg)", "Dégraissant puissant pour les sols, les hottes et les barbecues.",
     "Entretien de la maison", Decimal("4.50"), TVA_NORMALE),
    ("Cire d'abeille pour meubles (500 ml)", "Cire traditionnelle à la térébenthine "
     "pour nourrir et faire briller les bois.", "Entretien de la maison", Decimal("14.90"), TVA_NORMALE),
    ("Pierre d'argile blanche (300 g)", "Fait briller l'inox, les vitres et les cuivres, "
     "livrée avec une éponge.", "Entretien de la maison", Decimal("6.50"), TVA_NORMALE),
    ("Éponges végétales (lot de 3)", "Éponges en cellulose et fibres de coco, compostables.",
     "Entretien de la maison", Decimal("4.90"), TVA_NORMALE),
    ("Balai en fibres de coco", "Balai d'intérieur à manche en bois, fibres naturelles.",
     "Entretien de la maison", Decimal("16.90"), TVA_NORMALE),
    ("Plumeau en plumes d'autruche", "Capte la poussière sans la disperser.",
     "Entretien de la maison", Decimal("12.90"), TVA_NORMALE),
    ("Terre de Sommières (400 g)", "Détachant naturel pour les taches de graisse sur les tissus et le cuir.",
     "Entretien de la maison", Decimal("7.90"), TVA_NORMALE),
    ("Percarbonate de soude (1 kg)", "Blanchit le linge et détache sans chlore.",
     "Entretien de la maison", Decimal("7.50"), TVA_NORMALE),
    ("Gants de ménage en latex (taille M)", "Gants doublés coton, résistants et confortables.",
     "Entretien de la maison", Decimal("3.50"), TVA_NORMALE),
    ("Copeaux de savon de Marseille (750 g)", "Savon de Marseille à 72 % d'huile, "
     "à faire fondre pour la lessive.", "Lessive et linge", Decimal("7.90"), TVA_NORMALE),
    ("Lessive liquide au savon de Marseille (2 L)", "Lessive concentrée pour le linge blanc et de couleur.",
     "Lessive et linge", Decimal("9.90"), TVA_NORMALE),
    ("Savon au fiel de bœuf détachant (100 g)", "Le détachant "
     "de nos grands-mères pour les cols et les poignets.", "Lessive et linge", Decimal("3.90"), TVA_NORMALE),
    ("Pinces à linge en bois (× 24)", "Pinces en hêtre avec ressort en acier inoxydable.",
     "Lessive et linge", Decimal("4.90"), TVA_NORMALE),
    ("Savon de Marseille cube 72 % (300 g)", "Cube traditionnel à l'huile d'olive, cuit au chaudron.",
     "Hygiène et beauté", Decimal("5.50"), TVA_NORMALE),
    ("Savon d'Alep 20 % de laurier (200 g)", "Savon d'huile d'olive et de baies de laurier, "
     "séché plusieurs années.", "Hygiène et beauté", Decimal("7.90"), TVA_NORMALE),
    ("Brosse à dents en bois de hêtre", "Manche en hêtre issu de forêts gérées durablement, poils souples.",
     "Hygiène et beauté", Decimal("4.50"), TVA_NORMALE),
    ("Blaireau de rasage", "Poils synthétiques doux et manche en bois tourné.",
     "Hygiène et beauté", Decimal("19.90"), TVA_NORMALE),
    ("Pierre d'alun naturelle (100 g)", "Déodorant minéral et après-rasage apaisant.",
     "Hygiène et beauté", Decimal("7.50"), TVA_NORMALE),
    ("Shampooing solide à l'ortie", "Pour les cheveux gras, sans emballage plastique.",
     "Hygiène et beauté", Decimal("9.90"), TVA_NORMALE),
    ("Eau de Cologne traditionnelle (250 ml)", "Eau fraîche aux agrumes et à la lavande.",
     "Hygiène et beauté", Decimal("14.90"), TVA_NORMALE),
    ("Peigne en bois de poirier", "Peigne antistatique poli à la main.",
     "Hygiène et beauté", Decimal("8.90"), TVA_NORMALE),
    ("Huile de lin cuite (1 L)", "Pour nourrir et protéger les bois intérieurs et extérieurs.",
     "Peinture et bricolage", Decimal("12.90"), TVA_NORMALE),
    ("Essence de térébenthine (1 L)", "Diluant naturel des peintures à l'huile et des cires.",
     "Peinture et bricolage", Decimal("14.50"), TVA_NORMALE),
    ("Blanc de Meudon (1 kg)", "Poudre de craie pour les badigeons, les enduits et le nettoyage des métaux.",
     "Peinture et bricolage", Decimal("5.90"), TVA_NORMALE),
    ("Pinceau à rechampir n° 10", "Soies naturelles pour les travaux de précision.",
     "Peinture et bricolage", Decimal("6.90"), TVA_NORMALE),
    ("Alcool à brûler (1 L)", "Pour le nettoyage des vitres et l'allumage des réchauds.",
     "Peinture et bricolage", Decimal("4.90"), TVA_NORMALE),
    ("Cire pour parquet incolore (750 ml)", "Cire liquide qui nourrit et protège les parquets cirés.",
     "Peinture et bricolage", Decimal("17.90"), TVA_NORMALE),
    ("Rouleau laqueur 110 mm", "Rouleau à poils ras pour les laques et les vernis.",
     "Peinture et bricolage", Decimal("6.50"), TVA_NORMALE),
]

JARDINERIE: list[Product] = [
    ("Plant de tomate de Marmande (godet de 9 cm)", "La variété locale à gros fruits côtelés, "
     "à planter après les saints de glace.", "Plants potagers", Decimal("1.90"), TVA_INTERMEDIAIRE),
    ("Plants de tomates cerises (barquette de 6)", "Variétés rouges et jaunes, très productives tout l'été.",
     "Plants potagers", Decimal("7.90"), TVA_INTERMEDIAIRE),
    ("Plants de salade batavia (barquette de 12)", "Plants robustes produits "
     "par un horticulteur du Val de Garonne.", "Plants potagers", Decimal("3.90"), TVA_INTERMEDIAIRE),
    ("Plant de courgette verte", "Variété non coureuse, récolte de juin à septembre.",
     "Plants potagers", Decimal("2.50"), TVA_INTERMEDIAIRE),
    ("Plants de fraisiers gariguette (× 6)", "Les fraises précoces et parfumées du Lot-et-Garonne, "
     "au jardin.", "Plants potagers", Decimal("8.90"), TVA_INTERMEDIAIRE),
    ("Plant de piment d'Espelette", "Pour cultiver et sécher ses propres piments.",
     "Plants potagers", Decimal("3.50"), TVA_INTERMEDIAIRE),
    ("Plant d'aubergine", "Variété violette longue, à planter au soleil.",
     "Plants potagers", Decimal("2.50"), TVA_INTERMEDIAIRE),
    ("Plants de poireaux (botte de 50)", "À repiquer de juin à août pour les récoltes d'hiver.",
     "Plants potagers", Decimal("5.90"), TVA_INTERMEDIAIRE),
    ("Prunier d'Ente greffé (scion)", "Le prunier du pruneau d'Agen, variété Ente 707, "
     "à planter de novembre à mars.", "Plantes et arbustes", Decimal("29.90"), TVA_INTERMEDIAIRE),
    ("Laurier-rose (pot de 5 L)", "Floraison généreuse tout l'été, à hiverner à l'abri des fortes gelées.",
     "Plantes et arbustes", Decimal("27.90"), TVA_INTERMEDIAIRE),
    ("Rosier buisson (conteneur de 4 L)", "Rosier remontant parfumé, à planter au soleil.",
     "Plantes et arbustes", Decimal("16.90"), TVA_INTERMEDIAIRE),
    ("Lavande officinale (pot de 2 L)", "Attire les abeilles et parfume les bordures.",
     "Plantes et arbustes", Decimal("7.90"), TVA_INTERMEDIAIRE),
    ("Olivier (pot de 10 L)", "Olivier rustique pour terrasse ou jardin bien drainé.",
     "Plantes et arbustes", Decimal("59.00"), TVA_INTERMEDIAIRE),
    ("Hortensia (pot de 4 L)", "Pour les massifs à mi-ombre, fleurs bleues en sol acide.",
     "Plantes et arbustes", Decimal("19.90"), TVA_INTERMEDIAIRE),
    ("Noisetier Fertile de Coutard (pot de 3 L)", "Variété productive à gros fruits, cultivée "
     "dans les vergers du département.", "Plantes et arbustes", Decimal("24.90"), TVA_INTERMEDIAIRE),
    ("Géraniums lierres (barquette de 6)", "Pour des jardinières fleuries de mai aux premières gelées.",
     "Plantes et arbustes", Decimal("12.90"), TVA_INTERMEDIAIRE),
    ("Graines de haricots nains (250 g)", "Variété mangetout sans fil, semis de mai à juillet.",
     "Graines", Decimal("5.90"), TVA_INTERMEDIAIRE),
    ("Graines de tomate de Marmande (sachet)", "Semences de la tomate locale, à semer au chaud en mars.",
     "Graines", Decimal("2.90"), TVA_INTERMEDIAIRE),
    ("Gazon rustique (1 kg)", "Mélange résistant au piétinement et à la sécheresse, pour 40 m².",
     "Graines", Decimal("12.90"), TVA_INTERMEDIAIRE),
    ("Graines de fleurs mellifères (sachet)", "Mélange de fleurs annuelles pour nourrir les abeilles.",
     "Graines", Decimal("3.50"), TVA_INTERMEDIAIRE),
    ("Graines de radis de 18 jours", "Radis ronds rouge et blanc, récolte trois semaines après le semis.",
     "Graines", Decimal("2.20"), TVA_INTERMEDIAIRE),
    ("Terreau universel (sac de 40 L)", "Terreau enrichi pour les plantations en pleine terre et en pots.",
     "Terreaux et soins", Decimal("9.90"), TVA_INTERMEDIAIRE),
    ("Fumier de cheval déshydraté (10 kg)", "Amendement organique qui "
     "enrichit et allège la terre du potager.", "Terreaux et soins", Decimal("14.90"), TVA_INTERMEDIAIRE),
    ("Engrais organique tomates et légumes (1,5 kg)", "Engrais utilisable en agriculture biologique, "
     "riche en potasse.", "Terreaux et soins", Decimal("11.90"), TVA_INTERMEDIAIRE),
    ("Paillis de chanvre (sac de 50 L)", "Limite l'arrosage et le désherbage au pied des plantations.",
     "Terreaux et soins", Decimal("16.90"), TVA_NORMALE),
    ("Bouillie bordelaise (400 g)", "Le traitement traditionnel de la vigne, "
     "des tomates et des arbres fruitiers.", "Terreaux et soins", Decimal("9.50"), TVA_NORMALE),
    ("Sécateur à lame franche", "Lames en acier trempé, coupe nette jusqu'à 25 mm.",
     "Outils de jardin", Decimal("39.90"), TVA_NORMALE),
    ("Arrosoir en zinc (10 L)", "Arrosoir traditionnel en zinc avec pomme amovible.",
     "Outils de jardin", Decimal("39.00"), TVA_NORMALE),
    ("Bêche en acier forgé", "Lame forgée et manche en frêne, pour les terres lourdes de Garonne.",
     "Outils de jardin", Decimal("34.90"), TVA_NORMALE),
    ("Tuyau d'arrosage (25 m)", "Tuyau anti-torsion de 15 mm avec raccords.",
     "Outils de jardin", Decimal("34.90"), TVA_NORMALE),
    ("Gants de jardinage en cuir", "Cuir de chèvre souple et manchette en toile.",
     "Outils de jardin", Decimal("12.90"), TVA_NORMALE),
    ("Râteau à gazon", "Râteau à dents souples réglables.",
     "Outils de jardin", Decimal("19.90"), TVA_NORMALE),
]

BIO: list[Product] = [
    ("Carottes bio (1 kg)", "Carottes de plein champ cultivées en agriculture "
     "biologique dans le Val de Garonne.", "Fruits et légumes bio", Decimal("2.90"), TVA_REDUITE),
    ("Pommes de terre bio (2 kg)", "Variété à chair ferme d'un producteur bio de Samazan.",
     "Fruits et légumes bio", Decimal("4.90"), TVA_REDUITE),
    ("Tomates de Marmande bio (1 kg)", "Cultivées en plein champ sans traitement de synthèse, "
     "de juillet à septembre.", "Fruits et légumes bio", Decimal("4.90"), TVA_REDUITE),
    ("Pommes reinette bio (1 kg)", "Pommes acidulées d'un verger bio de la vallée du Lot.",
     "Fruits et légumes bio", Decimal("3.90"), TVA_REDUITE),
    ("Bananes bio équitables (1 kg)", "Issues du commerce équitable, cultivées en République dominicaine.",
     "Fruits et légumes bio", Decimal("2.90"), TVA_REDUITE),
    ("Courge butternut bio (pièce)", "Chair orangée et douce, pour les soupes et les gratins.",
     "Fruits et légumes bio", Decimal("3.50"), TVA_REDUITE),
    ("Salade feuille de chêne bio", "Salade tendre cueillie le matin même.",
     "Fruits et légumes bio", Decimal("1.80"), TVA_REDUITE),
    ("Citrons bio (500 g)", "Citrons de Sicile non traités, écorce comestible.",
     "Fruits et légumes bio", Decimal("3.50"), TVA_REDUITE),
    ("Œufs bio de plein air (× 6)", "Poules élevées en plein air et nourries de céréales bio.",
     "Produits frais", Decimal("3.90"), TVA_REDUITE),
    ("Lait demi-écrémé bio (1 L)", "Lait de vaches nourries à l'herbe, collecté dans le Sud-Ouest.",
     "Produits frais", Decimal("1.65"), TVA_REDUITE),
    ("Yaourts au lait de brebis bio (4 × 125 g)", "Yaourts onctueux et doux, fabriqués dans les Pyrénées.",
     "Produits frais", Decimal("4.50"), TVA_REDUITE),
    ("Tofu nature bio (250 g)", "Soja cultivé en France, à mariner ou à poêler.",
     "Produits frais", Decimal("3.40"), TVA_REDUITE),
    ("Beurre doux bio (250 g)", "Beurre de crème crue issu de lait bio.",
     "Produits frais", Decimal("4.50"), TVA_REDUITE),
    ("Comté AOP bio (200 g)", "Affiné douze mois, au lait cru de vaches nourries à l'herbe et au foin.",
     "Produits frais", Decimal("6.90"), TVA_REDUITE),
    ("Galettes de riz complet bio (130 g)", "Riz complet soufflé de Camargue, sans sel ajouté.",
     "Épicerie bio", Decimal("2.20"), TVA_REDUITE),
    ("Huile d'olive vierge extra bio (75 cl)", "Première pression à froid, récolte espagnole.",
     "Épicerie bio", Decimal("14.90"), TVA_REDUITE),
    ("Pâtes complètes bio (500 g)", "Blé dur complet cultivé en France, cuisson huit minutes.",
     "Épicerie bio", Decimal("2.60"), TVA_REDUITE),
    ("Purée d'amandes complètes bio (250 g)", "Amandes broyées à la meule de pierre, sans sucre ni sel.",
     "Épicerie bio", Decimal("8.90"), TVA_REDUITE),
    ("Pruneaux d'Agen bio (500 g)", "Pruneaux d'Agen IGP "
     "issus de vergers conduits en agriculture biologique.", "Épicerie bio", Decimal("9.90"), TVA_REDUITE),
    ("Jus de pomme bio (1 L)", "Pur jus de pommes pressées dans un verger bio du Lot-et-Garonne.",
     "Épicerie bio", Decimal("3.60"), TVA_REDUITE),
    ("Boisson à l'avoine bio (1 L)", "Avoine française, sans sucres ajoutés.",
     "Épicerie bio", Decimal("2.40"), TVA_REDUITE),
    ("Miel de fleurs bio (500 g)", "Miel crémeux récolté dans les coteaux de Guyenne.",
     "Épicerie bio", Decimal("10.90"), TVA_REDUITE),
    ("Tablette chocolat noir 70 % bio (100 g)", "Cacao issu du commerce équitable, pur beurre de cacao.",
     "Épicerie bio", Decimal("3.20"), TVA_REDUITE),
    ("Côtes de Duras rouge bio (75 cl)", "Vin rouge fruité d'un domaine certifié bio des coteaux de Duras.",
     "Épicerie bio", Decimal("10.90"), TVA_NORMALE),
    ("Flocons d'avoine bio en vrac (1 kg)", "Gros flocons d'avoine française, "
     "pour le porridge et le muesli.", "Vrac", Decimal("3.90"), TVA_REDUITE),
    ("Lentilles vertes bio en vrac (1 kg)", "Lentilles françaises, cuisson vingt minutes sans trempage.",
     "Vrac", Decimal("5.90"), TVA_REDUITE),
    ("Riz basmati bio en vrac (1 kg)", "Riz long et parfumé de l'Himalaya.",
     "Vrac", Decimal("5.50"), TVA_REDUITE),
    ("Muesli aux fruits bio en vrac (1 kg)", "Flocons de céréales, raisins, pommes séchées et noisettes.",
     "Vrac", Decimal("8.90"), TVA_REDUITE),
    ("Pois chiches bio en vrac (1 kg)", "À faire tremper la veille, pour le houmous et les couscous.",
     "Vrac", Decimal("4.90"), TVA_REDUITE),
    ("Noisettes décortiquées bio en vrac (500 g)", "Noisettes "
     "du Lot-et-Garonne issues de l'agriculture biologique.", "Vrac", Decimal("11.90"), TVA_REDUITE),
    ("Savon surgras bio à l'huile d'olive (100 g)", "Saponifié à froid, pour les peaux sensibles.",
     "Hygiène et entretien", Decimal("4.90"), TVA_NORMALE),
    ("Liquide vaisselle écologique (1 L)", "Formule d'origine végétale, rechargeable au rayon vrac.",
     "Hygiène et entretien", Decimal("4.50"), TVA_NORMALE),
    ("Dentifrice bio à l'argile (75 ml)", "Argile blanche et menthe poivrée, sans fluor.",
     "Hygiène et entretien", Decimal("4.90"), TVA_NORMALE),
]

PAPETERIE: list[Product] = [
    ("Stylo plume acier pointe moyenne", "Corps laqué et plume en acier inoxydable, "
     "livré avec un convertisseur.", "Écriture", Decimal("24.90"), TVA_NORMALE),
    ("Cartouches d'encre bleue effaçable (× 6)", "Cartouches courtes standard internationales.",
     "Écriture", Decimal("2.50"), TVA_NORMALE),
    ("Stylos à bille bleus (lot de 4)", "Pointe moyenne 1 mm, écriture fluide.",
     "Écriture", Decimal("3.90"), TVA_NORMALE),
    ("Feutres fins de couleur (× 12)", "Pointe fine de 0,4 mm pour l'écriture et le dessin.",
     "Écriture", Decimal("9.90"), TVA_NORMALE),
    ("Crayons à papier HB (× 3)", "Bois de cèdre et mine résistante, gomme en bout.",
     "Écriture", Decimal("2.70"), TVA_NORMALE),
    ("Surligneurs fluo (× 4)", "Jaune, vert, rose et orange, encre à séchage rapide.",
     "Écriture", Decimal("4.90"), TVA_NORMALE),
    ("Porte-mine 0,5 mm", "Grip caoutchouc et gomme intégrée.", "Écriture", Decimal("6.50"), TVA_NORMALE),
    ("Cahier 24 × 32 cm grands carreaux (96 pages)", "Papier 90 g/m², couverture en polypropylène.",
     "Cahiers et carnets", Decimal("3.90"), TVA_NORMALE),
    ("Cahier 17 × 22 cm grands carreaux (96 pages)", "Le cahier de l'écolier, papier 90 g/m².",
     "Cahiers et carnets", Decimal("1.90"), TVA_NORMALE),
    ("Carnet A5 à couverture rigide, pages pointillées", "192 pages de papier ivoire 100 g/m², "
     "élastique de fermeture.", "Cahiers et carnets", Decimal("14.90"), TVA_NORMALE),
    ("Agenda scolaire 2026-2027", "Une semaine sur deux pages, de septembre à août.",
     "Cahiers et carnets", Decimal("9.90"), TVA_NORMALE),
    ("Bloc-notes A4 à spirale", "100 feuilles perforées, petits carreaux.",
     "Cahiers et carnets", Decimal("3.50"), TVA_NORMALE),
    ("Répertoire alphabétique", "Format 11 × 17 cm, onglets de A à Z.",
     "Cahiers et carnets", Decimal("6.90"), TVA_NORMALE),
    ("Trousse à double compartiment", "Toile résistante et deux fermetures à glissière.",
     "Fournitures scolaires", Decimal("12.90"), TVA_NORMALE),
    ("Cartable en toile enduite", "Cartable du primaire avec bretelles "
     "rembourrées et bandes réfléchissantes.", "Fournitures scolaires", Decimal("59.00"), TVA_NORMALE),
    ("Règle plate 30 cm", "Plastique transparent et graduation nette.",
     "Fournitures scolaires", Decimal("1.90"), TVA_NORMALE),
    ("Compas à crayon", "Compas métallique avec bague pour crayon, pour le collège.",
     "Fournitures scolaires", Decimal("8.90"), TVA_NORMALE),
    ("Calculatrice scientifique collège", "Modèle recommandé par les enseignants, mode examen.",
     "Fournitures scolaires", Decimal("21.90"), TVA_NORMALE),
    ("Colle en bâton 21 g", "Colle sans solvant, lavable à l'eau.",
     "Fournitures scolaires", Decimal("2.40"), TVA_NORMALE),
    ("Ciseaux à bouts ronds 13 cm", "Ciseaux d'écolier pour droitiers et gauchers.",
     "Fournitures scolaires", Decimal("3.90"), TVA_NORMALE),
    ("Copies doubles A4 grands carreaux (200 pages)", "Papier 90 g/m² pour les contrôles et les devoirs.",
     "Fournitures scolaires", Decimal("4.50"), TVA_NORMALE),
    ("Gomme blanche", "Gomme plastique qui efface proprement sans abîmer le papier.",
     "Fournitures scolaires", Decimal("1.20"), TVA_NORMALE),
    ("Crayons de couleur aquarellables (× 24)", "Mine tendre à utiliser sèche ou au pinceau mouillé.",
     "Beaux-arts", Decimal("18.90"), TVA_NORMALE),
    ("Boîte d'aquarelle 12 demi-godets", "Couleurs extra-fines et pinceau de voyage.",
     "Beaux-arts", Decimal("29.90"), TVA_NORMALE),
    ("Bloc à dessin A4 120 g/m²", "Vingt feuilles de papier à grain fin pour le crayon et le feutre.",
     "Beaux-arts", Decimal("7.90"), TVA_NORMALE),
    ("Pinceaux pour aquarelle (× 3)", "Pinceaux ronds en fibres synthétiques, tailles 2, 6 et 10.",
     "Beaux-arts", Decimal("12.50"), TVA_NORMALE),
    ("Encre de Chine (flacon de 30 ml)", "Encre noire indélébile pour la plume et le pinceau.",
     "Beaux-arts", Decimal("4.90"), TVA_NORMALE),
    ("Classeur à levier A4 dos de 80 mm", "Carton recouvert de polypropylène, coloris assortis.",
     "Classement et courrier", Decimal("5.90"), TVA_NORMALE),
    ("Pochettes perforées A4 (× 100)", "Pochettes transparentes lisses.",
     "Classement et courrier", Decimal("5.50"), TVA_NORMALE),
    ("Chemises à élastiques A4 (× 5)", "Carton rigide avec trois rabats et élastiques.",
     "Classement et courrier", Decimal("9.90"), TVA_NORMALE),
    ("Ramette de papier A4 80 g (500 feuilles)", "Papier blanc pour imprimantes et photocopieurs.",
     "Classement et courrier", Decimal("7.90"), TVA_NORMALE),
    ("Enveloppes blanches DL autocollantes (× 50)", "Format 110 × 220 mm, sans fenêtre.",
     "Classement et courrier", Decimal("4.50"), TVA_NORMALE),
]

PRODUCTEUR: list[Product] = [
    ("Tomates de Marmande de plein champ (1 kg)", "Cueillies le matin même dans "
     "nos champs de la plaine de Garonne.", "Fruits et légumes de la ferme", Decimal("3.50"), TVA_REDUITE),
    ("Fraises ciflorette (500 g)", "Variété sucrée née en Lot-et-Garonne, cultivée hors sol sur la ferme.",
     "Fruits et légumes de la ferme", Decimal("6.50"), TVA_REDUITE),
    ("Melon de la ferme (pièce)", "Melon charentais cultivé sur nos coteaux, récolté bien mûr.",
     "Fruits et légumes de la ferme", Decimal("2.90"), TVA_REDUITE),
    ("Prunes d'Ente (1 kg)", "Les prunes de nos vergers, à croquer fraîches à la fin de l'été.",
     "Fruits et légumes de la ferme", Decimal("3.50"), TVA_REDUITE),
    ("Pommes de terre nouvelles (2 kg)", "Récoltées à la main, à la peau fine, de mai à juillet.",
     "Fruits et légumes de la ferme", Decimal("4.50"), TVA_REDUITE),
    ("Asperges vertes (botte de 500 g)", "Asperges du printemps cueillies chaque matin.",
     "Fruits et légumes de la ferme", Decimal("7.50"), TVA_REDUITE),
    ("Noisettes en coque (1 kg)", "Noisettes de notre verger, séchées naturellement.",
     "Fruits et légumes de la ferme", Decimal("7.90"), TVA_REDUITE),
    ("Noix en coque (1 kg)", "Noix de la dernière récolte, séchées au grenier.",
     "Fruits et légumes de la ferme", Decimal("6.90"), TVA_REDUITE),
    ("Kiwis de la ferme (1 kg)", "Kiwis récoltés en novembre, à laisser mûrir à température ambiante.",
     "Fruits et légumes de la ferme", Decimal("3.90"), TVA_REDUITE),
    ("Haricots verts (500 g)", "Cueillis à la main tout l'été.",
     "Fruits et légumes de la ferme", Decimal("3.90"), TVA_REDUITE),
    ("Potiron (1 kg)", "Pour les soupes et les gratins d'automne.",
     "Fruits et légumes de la ferme", Decimal("2.50"), TVA_REDUITE),
    ("Œufs fermiers de plein air (× 12)", "Nos poules picorent en liberté dans le verger de pruniers.",
     "Produits de la ferme", Decimal("5.40"), TVA_REDUITE),
    ("Pruneaux d'Agen IGP (1 kg)", "Prunes d'Ente de nos vergers, séchées au four sur la ferme.",
     "Produits de la ferme", Decimal("14.90"), TVA_REDUITE),
    ("Pruneaux d'Agen IGP géants (500 g)", "Les plus gros fruits de la récolte, moelleux et charnus.",
     "Produits de la ferme", Decimal("10.90"), TVA_REDUITE),
    ("Poulet fermier prêt à cuire (1,8 kg)", "Élevé plus de cent jours "
     "en plein air et nourri au maïs de la ferme.", "Produits de la ferme", Decimal("18.90"), TVA_REDUITE),
    ("Magrets de canard fermier (× 2)", "Canards gavés au maïs grain entier sur notre exploitation.",
     "Produits de la ferme", Decimal("19.90"), TVA_REDUITE),
    ("Miel de tournesol (500 g)", "Miel crémeux de nos ruches installées au bord des champs de tournesol.",
     "Produits de la ferme", Decimal("8.90"), TVA_REDUITE),
    ("Farine de blé T65 moulue à la meule (1 kg)", "Blé cultivé et moulu sur la ferme, "
     "pour le pain et les gâteaux.", "Produits de la ferme", Decimal("2.90"), TVA_REDUITE),
    ("Fromage de chèvre frais (× 2)", "Fabriqué à la ferme avec le lait de nos chèvres alpines.",
     "Produits de la ferme", Decimal("4.50"), TVA_REDUITE),
    ("Lait cru de vache (1 L)", "Lait de la traite du jour, à faire bouillir avant consommation.",
     "Produits de la ferme", Decimal("1.50"), TVA_REDUITE),
    ("Confiture de prunes d'Ente (370 g)", "Prunes de nos vergers cuites au chaudron de cuivre.",
     "Conserves et confitures", Decimal("5.50"), TVA_REDUITE),
    ("Confiture de fraises (370 g)", "Fraises de la ferme et sucre de canne, rien d'autre.",
     "Conserves et confitures", Decimal("5.80"), TVA_REDUITE),
    ("Coulis de tomates de Marmande (50 cl)", "Tomates de nos champs "
     "cuisinées et mises en bouteille à la ferme.", "Conserves et confitures", Decimal("4.50"), TVA_REDUITE),
    ("Foie gras de canard entier mi-cuit (bocal de 300 g)", "Foie gras de nos canards, "
     "simplement salé et poivré.", "Conserves et confitures", Decimal("39.90"), TVA_REDUITE),
    ("Confit de canard (4 cuisses)", "Cuisses de nos canards confites dans leur graisse.",
     "Conserves et confitures", Decimal("24.90"), TVA_REDUITE),
    ("Rillettes de canard (bocal de 180 g)", "Effilochées à la main et cuites longuement.",
     "Conserves et confitures", Decimal("6.50"), TVA_REDUITE),
    ("Pâté de canard aux pruneaux (bocal de 180 g)", "Pâté de nos canards relevé de pruneaux de la ferme.",
     "Conserves et confitures", Decimal("5.90"), TVA_REDUITE),
    ("Huile de noix pressée à froid (50 cl)", "Pressée au moulin du village avec les noix de notre récolte.",
     "Conserves et confitures", Decimal("14.90"), TVA_REDUITE),
    ("Jus de pomme de la ferme (1 L)", "Pur jus de nos pommes, pressé et pasteurisé sur place.",
     "Boissons de la ferme", Decimal("3.50"), TVA_REDUITE),
    ("Nectar de prune (75 cl)", "Prunes d'Ente mixées, le jus préféré des enfants.",
     "Boissons de la ferme", Decimal("4.50"), TVA_REDUITE),
    ("Côtes du Marmandais rouge de la propriété (75 cl)", "Le vin de nos vignes, "
     "assemblage de merlot et d'abouriou.", "Boissons de la ferme", Decimal("8.50"), TVA_NORMALE),
    ("Vin de noix maison (50 cl)", "Apéritif aux noix vertes cueillies à la Saint-Jean, "
     "selon la recette familiale.", "Boissons de la ferme", Decimal("14.50"), TVA_NORMALE),
]

SECTOR_CATALOGUES: dict[str, list[Product]] = {
    "boulangerie": BOULANGERIE,
    "boucherie": BOUCHERIE,
    "fromagerie": FROMAGERIE,
    "primeur": PRIMEUR,
    "poissonnerie": POISSONNERIE,
    "librairie": LIBRAIRIE,
    "fleuriste": FLEURISTE,
    "quincaillerie": QUINCAILLERIE,
    "caviste": CAVISTE,
    "epicerie_fine": EPICERIE_FINE,
    "chocolatier": CHOCOLATIER,
    "traiteur": TRAITEUR,
    "torrefacteur": TORREFACTEUR,
    "jouets": JOUETS,
    "pret_a_porter": PRET_A_PORTER,
    "droguerie": DROGUERIE,
    "jardinerie": JARDINERIE,
    "bio": BIO,
    "papeterie": PAPETERIE,
    "producteur": PRODUCTEUR,
}

MERCHANTS: list[dict] = [
    {
        "trade_name": "Au Fournil de la Bastide",
        "legal_name": "SARL Dupuy et Fils",
        "sector": "boulangerie",
        "insee": "47157",
        "street": "18 rue de la Libération",
        "phone": "05 53 64 21 37",
        "description": (
            "Boulangerie-pâtisserie familiale installée au cœur de la bastide depuis 1987. Le pain est "
            "pétri chaque nuit au levain naturel avec des farines moulues dans le Sud-Ouest, et la "
            "croustade aux pommes est la fierté de la maison."
        ),
        "hours": [(1, "06:30", "13:00"), (1, "15:30", "19:30"), (2, "06:30", "13:00"), (2, "15:30", "19:30"),
                  (3, "06:30", "13:00"), (3, "15:30", "19:30"), (4, "06:30", "13:00"), (4, "15:30", "19:30"),
                  (5, "06:30", "13:00"), (5, "15:30", "19:30"), (6, "07:00", "12:30")],
        "siret_base": "8123947560001",
    },
    {
        "trade_name": "Boulangerie Les Blés de Garonne",
        "legal_name": "EURL Martin Boulange",
        "sector": "boulangerie",
        "insee": "47310",
        "street": "7 place Jean Jaurès",
        "phone": "05 53 79 46 12",
        "description": (
            "Artisan boulanger à Tonneins, Julien Martin travaille des blés cultivés dans la plaine de "
            "Garonne et moulus sur meule de pierre. Pains de campagne, chocolatines et pastis gascon "
            "sortent du four dès six heures et demie."
        ),
        "hours": [(0, "06:30", "13:00"), (0, "15:30", "19:30"), (1, "06:30", "13:00"), (1, "15:30", "19:30"),
                  (3, "06:30", "13:00"), (3, "15:30", "19:30"), (4, "06:30", "13:00"), (4, "15:30", "19:30"),
                  (5, "06:30", "13:00"), (5, "15:30", "19:30"), (6, "07:00", "12:30")],
        "siret_base": "8431256790002",
    },
    {
        "trade_name": "Boucherie Larrieu Père et Fils",
        "legal_name": "SARL Larrieu Père et Fils",
        "sector": "boucherie",
        "insee": "47157",
        "street": "24 boulevard Gambetta",
        "phone": "05 53 20 33 58",
        "description": (
            "Trois générations de bouchers au service des Marmandais. Nous sélectionnons nous-mêmes nos "
            "bêtes de race blonde d'Aquitaine chez des éleveurs du Lot-et-Garonne et préparons sur place "
            "charcuteries, confits et poulets rôtis du dimanche."
        ),
        "hours": [(1, "08:00", "12:30"), (1, "15:00", "19:00"), (2, "08:00", "12:30"), (2, "15:00", "19:00"),
                  (3, "08:00", "12:30"), (3, "15:00", "19:00"), (4, "08:00", "12:30"), (4, "15:00", "19:00"),
                  (5, "08:00", "12:30"), (5, "15:00", "19:00"), (6, "08:30", "12:30")],
        "siret_base": "7902384150004",
    },
    {
        "trade_name": "Boucherie-Charcuterie du Bourg",
        "legal_name": "EURL Cazenave Viandes",
        "sector": "boucherie",
        "insee": "47301",
        "street": "3 place de la Halle",
        "phone": "05 53 83 62 09",
        "description": (
            "La boucherie du village de Seyches, tenue par Sylvie et Thierry Cazenave. Veaux sous la mère, "
            "agneaux du Quercy et porcs fermiers des coteaux voisins, avec boudin et pâtés faits maison "
            "chaque semaine."
        ),
        "hours": [(1, "08:00", "12:30"), (1, "15:30", "19:00"), (2, "08:00", "12:30"), (2, "15:30", "19:00"),
                  (3, "08:00", "12:30"), (3, "15:30", "19:00"), (4, "08:00", "12:30"), (4, "15:30", "19:00"),
                  (5, "07:30", "12:30"), (6, "08:30", "12:00")],
        "siret_base": "5318402967003",
    },
    {
        "trade_name": "Fromagerie Les Caves du Marmandais",
        "legal_name": "SAS Fromages et Terroirs de Garonne",
        "sector": "fromagerie",
        "insee": "47157",
        "street": "9 rue Léopold Faye",
        "phone": "05 53 64 87 15",
        "description": (
            "Crémerie-fromagerie affinant dans ses propres caves plus de cent fromages de toutes les "
            "régions de France. Une large place est faite aux tommes fermières, aux chèvres des coteaux de "
            "Seyches et aux brebis des Pyrénées."
        ),
        "hours": [(1, "09:00", "12:30"), (1, "15:00", "19:00"), (2, "09:00", "12:30"), (2, "15:00", "19:00"),
                  (3, "09:00", "12:30"), (3, "15:00", "19:00"), (4, "09:00", "12:30"), (4, "15:00", "19:00"),
                  (5, "08:30", "13:00"), (5, "15:00", "19:00")],
        "siret_base": "8845102376005",
    },
    {
        "trade_name": "Primeurs Les Jardins de la Filhole",
        "legal_name": "SARL Sabaté Primeurs",
        "sector": "primeur",
        "insee": "47157",
        "street": "41 avenue Hubert Ruffe",
        "phone": "05 53 20 71 44",
        "description": (
            "Fruits et légumes de saison achetés chaque matin aux maraîchers et arboriculteurs de la vallée "
            "de la Garonne. En été, notre étal de tomates de Marmande compte plus de quinze variétés."
        ),
        "hours": [(0, "08:00", "12:30"), (0, "15:00", "19:00"), (1, "08:00", "12:30"), (1, "15:00", "19:00"),
                  (2, "08:00", "12:30"), (2, "15:00", "19:00"), (3, "08:00", "12:30"), (3, "15:00", "19:00"),
                  (4, "08:00", "12:30"), (4, "15:00", "19:00"), (5, "08:00", "12:30"), (5, "15:00", "19:00"),
                  (6, "08:30", "12:30")],
        "siret_base": "4920387165007",
    },
    {
        "trade_name": "Au Panier de Virazeil",
        "legal_name": "EI Nadia Ferrand",
        "sector": "primeur",
        "insee": "47326",
        "street": "2 place de l'Église",
        "phone": "05 53 93 18 62",
        "description": (
            "Petit primeur de village tenu par Nadia Ferrand, ancienne maraîchère. Salades, fraises, melons "
            "et asperges viennent en direct des exploitations de Virazeil et de Sainte-Bazeille."
        ),
        "hours": [(1, "08:30", "12:30"), (1, "16:00", "19:00"), (2, "08:30", "12:30"), (2, "16:00", "19:00"),
                  (3, "08:30", "12:30"), (3, "16:00", "19:00"), (4, "08:30", "12:30"), (4, "16:00", "19:00"),
                  (5, "08:30", "12:30"), (5, "16:00", "19:00"), (6, "08:30", "12:30")],
        "siret_base": "8290145736008",
    },
    {
        "trade_name": "Poissonnerie La Marée Gasconne",
        "legal_name": "SARL Marée Gasconne",
        "sector": "poissonnerie",
        "insee": "47157",
        "street": "5 place Clemenceau",
        "phone": "05 53 64 55 90",
        "description": (
            "Poissons et coquillages arrivent chaque nuit des criées d'Arcachon, de Saint-Jean-de-Luz et de "
            "La Cotinière. Plateaux de fruits de mer, brandade et lamproie à la bordelaise sont préparés "
            "dans notre laboratoire."
        ),
        "hours": [(1, "08:00", "12:30"), (2, "08:00", "12:30"), (3, "08:00", "12:30"), (4, "08:00", "12:30"),
                  (4, "16:00", "19:00"), (5, "07:30", "12:30"), (6, "09:00", "12:00")],
        "siret_base": "7513908246009",
    },
    {
        "trade_name": "Librairie Le Chant des Pages",
        "legal_name": "SCOP Le Chant des Pages",
        "sector": "librairie",
        "insee": "47157",
        "street": "16 rue Abel Boyé",
        "phone": "05 53 20 48 26",
        "description": (
            "Librairie indépendante et maison de la presse, avec un grand rayon jeunesse et un coin "
            "consacré aux auteurs et à l'histoire du Sud-Ouest. Rencontres et dédicaces ont lieu un samedi "
            "par mois."
        ),
        "hours": [(0, "14:00", "19:00"), (1, "09:30", "12:30"), (1, "14:00", "19:00"), (2, "09:30", "12:30"),
                  (2, "14:00", "19:00"), (3, "09:30", "12:30"), (3, "14:00", "19:00"), (4, "09:30", "12:30"),
                  (4, "14:00", "19:00"), (5, "09:30", "12:30"), (5, "14:00", "19:00")],
        "siret_base": "9013574286010",
    },
    {
        "trade_name": "Fleurs de Garonne",
        "legal_name": "EURL Lacombe Fleurs",
        "sector": "fleuriste",
        "insee": "47157",
        "street": "33 rue Charles de Gaulle",
        "phone": "05 53 64 09 73",
        "description": (
            "Artisan fleuriste depuis vingt ans, Élodie Lacombe compose des bouquets de saison en "
            "privilégiant les horticulteurs du Marmandais. Compositions de mariage et de deuil réalisées "
            "sur commande."
        ),
        "hours": [(1, "09:00", "12:30"), (1, "14:30", "19:00"), (2, "09:00", "12:30"), (2, "14:30", "19:00"),
                  (3, "09:00", "12:30"), (3, "14:30", "19:00"), (4, "09:00", "12:30"), (4, "14:30", "19:00"),
                  (5, "09:00", "12:30"), (5, "14:30", "19:00"), (6, "09:00", "12:30")],
        "siret_base": "5209846137011",
    },
    {
        "trade_name": "L'Atelier Floral",
        "legal_name": "SARL Atelier Floral Bazeillais",
        "sector": "fleuriste",
        "insee": "47233",
        "street": "12 avenue de la Gare",
        "phone": "05 53 89 26 51",
        "description": (
            "Fleuriste et pépinière de poche à Sainte-Bazeille : fleurs coupées, plantes d'intérieur et "
            "arbustes pour le jardin. L'atelier organise aussi des cours d'art floral le mercredi "
            "après-midi."
        ),
        "hours": [(1, "09:00", "12:00"), (1, "14:30", "19:00"), (2, "09:00", "12:00"), (2, "14:30", "19:00"),
                  (3, "09:00", "12:00"), (3, "14:30", "19:00"), (4, "09:00", "12:00"), (4, "14:30", "19:00"),
                  (5, "09:00", "12:00"), (5, "14:30", "19:00"), (6, "09:30", "12:30")],
        "siret_base": "8530217649012",
    },
    {
        "trade_name": "Quincaillerie Dubernet",
        "legal_name": "SAS Dubernet Quincaillerie",
        "sector": "quincaillerie",
        "insee": "47310",
        "street": "28 rue de la République",
        "phone": "05 53 79 12 85",
        "description": (
            "Quincaillerie à l'ancienne fondée en 1952, où l'on vend encore la vis à l'unité et le clou au "
            "poids. Outillage, plomberie, électricité et matériel de vigne, avec de vrais conseils."
        ),
        "hours": [(0, "14:00", "18:30"), (1, "08:30", "12:00"), (1, "14:00", "18:30"), (2, "08:30", "12:00"),
                  (2, "14:00", "18:30"), (3, "08:30", "12:00"), (3, "14:00", "18:30"), (4, "08:30", "12:00"),
                  (4, "14:00", "18:30"), (5, "08:30", "12:00"), (5, "14:00", "17:00")],
        "siret_base": "4381925067013",
    },
    {
        "trade_name": "Le Cellier de la Bastide",
        "legal_name": "SARL Cellier de la Bastide",
        "sector": "caviste",
        "insee": "47157",
        "street": "6 rue Léopold Faye",
        "phone": "05 53 20 94 37",
        "description": (
            "Cave consacrée aux vins du Sud-Ouest, des Côtes du Marmandais au Madiran en passant par Buzet "
            "et Duras. Dégustations commentées le vendredi soir et conseils pour accorder mets et vins."
        ),
        "hours": [(1, "09:30", "12:30"), (1, "15:00", "19:30"), (2, "09:30", "12:30"), (2, "15:00", "19:30"),
                  (3, "09:30", "12:30"), (3, "15:00", "19:30"), (4, "09:30", "12:30"), (4, "15:00", "20:00"),
                  (5, "09:30", "12:30"), (5, "15:00", "20:00")],
        "siret_base": "8670413925014",
    },
    {
        "trade_name": "Au Tire-Bouchon Tonneinquais",
        "legal_name": "EURL Vins et Spiritueux Bordes",
        "sector": "caviste",
        "insee": "47310",
        "street": "45 cours de l'Yser",
        "phone": "05 53 84 37 20",
        "description": (
            "Caviste indépendant depuis 2009, spécialisé dans les vignerons récoltants et les armagnacs de "
            "petits producteurs. Une belle sélection de bières artisanales du Lot-et-Garonne complète la "
            "cave."
        ),
        "hours": [(1, "09:30", "12:30"), (1, "15:00", "19:30"), (2, "09:30", "12:30"), (2, "15:00", "19:30"),
                  (3, "09:30", "12:30"), (3, "15:00", "19:30"), (4, "09:30", "12:30"), (4, "15:00", "19:30"),
                  (5, "09:30", "12:30"), (5, "15:00", "19:30")],
        "siret_base": "7960284513015",
    },
    {
        "trade_name": "Épicerie fine Prune et Garonne",
        "legal_name": "SAS Prune et Garonne",
        "sector": "epicerie_fine",
        "insee": "47157",
        "street": "12 place Clemenceau",
        "phone": "05 53 64 72 81",
        "description": (
            "Épicerie fine des saveurs du Sud-Ouest : pruneaux d'Agen, foies gras, conserves de canard, "
            "huiles et pâtes fraîches d'un artisan du département. Coffrets cadeaux composés à la demande."
        ),
        "hours": [(1, "09:30", "12:30"), (1, "14:30", "19:00"), (2, "09:30", "12:30"), (2, "14:30", "19:00"),
                  (3, "09:30", "12:30"), (3, "14:30", "19:00"), (4, "09:30", "12:30"), (4, "14:30", "19:00"),
                  (5, "09:30", "12:30"), (5, "14:30", "19:00"), (6, "10:00", "12:30")],
        "siret_base": "9140738265016",
    },
    {
        "trade_name": "Chocolaterie Le Cacaoyer",
        "legal_name": "SARL Le Cacaoyer",
        "sector": "chocolatier",
        "insee": "47157",
        "street": "27 rue de la Libération",
        "phone": "05 53 20 15 68",
        "description": (
            "Artisan chocolatier qui travaille la fève depuis la torréfaction. Sa spécialité, la ganache au "
            "pruneau d'Agen et à l'armagnac, a fait sa réputation bien au-delà de Marmande."
        ),
        "hours": [(1, "09:30", "12:30"), (1, "14:00", "19:00"), (2, "09:30", "12:30"), (2, "14:00", "19:00"),
                  (3, "09:30", "12:30"), (3, "14:00", "19:00"), (4, "09:30", "12:30"), (4, "14:00", "19:00"),
                  (5, "09:30", "12:30"), (5, "14:00", "19:00"), (6, "10:00", "12:30")],
        "siret_base": "6209183745017",
    },
    {
        "trade_name": "Maison Castaing Traiteur",
        "legal_name": "SARL Castaing Réceptions",
        "sector": "traiteur",
        "insee": "47326",
        "street": "15 route de Bergerac",
        "phone": "05 53 93 64 02",
        "description": (
            "Traiteur familial de Virazeil qui prépare chaque jour des plats cuisinés de tradition gasconne "
            "à emporter. La maison assure aussi buffets, cocktails et repas de mariage dans tout le Val de "
            "Garonne."
        ),
        "hours": [(1, "08:30", "13:00"), (1, "16:00", "19:30"), (2, "08:30", "13:00"), (2, "16:00", "19:30"),
                  (3, "08:30", "13:00"), (3, "16:00", "19:30"), (4, "08:30", "13:00"), (4, "16:00", "19:30"),
                  (5, "08:30", "13:00"), (5, "16:00", "19:30"), (6, "09:00", "12:30")],
        "siret_base": "8391562047018",
    },
    {
        "trade_name": "Brûlerie du Val de Garonne",
        "legal_name": "SAS Brûlerie du Val",
        "sector": "torrefacteur",
        "insee": "47157",
        "street": "52 avenue Hubert Ruffe",
        "phone": "05 53 64 38 96",
        "description": (
            "Torréfacteur artisanal qui grille ses cafés verts chaque semaine dans un torréfacteur à "
            "tambour. Une quarantaine de thés et d'infusions en vrac complètent la gamme, avec moulage à la "
            "demande."
        ),
        "hours": [(1, "09:00", "12:30"), (1, "14:30", "19:00"), (2, "09:00", "12:30"), (2, "14:30", "19:00"),
                  (3, "09:00", "12:30"), (3, "14:30", "19:00"), (4, "09:00", "12:30"), (4, "14:30", "19:00"),
                  (5, "09:00", "12:30"), (5, "14:30", "18:30")],
        "siret_base": "5730916428019",
    },
    {
        "trade_name": "Le Coffre à Jouets",
        "legal_name": "EURL Le Coffre à Jouets",
        "sector": "jouets",
        "insee": "47157",
        "street": "8 rue Charles de Gaulle",
        "phone": "05 53 20 59 41",
        "description": (
            "Magasin de jouets où l'on privilégie le bois, les jeux de société et les fabrications "
            "européennes. Chaque mercredi après-midi, une table de jeux permet d'essayer les nouveautés."
        ),
        "hours": [(0, "14:00", "19:00"), (1, "10:00", "12:30"), (1, "14:00", "19:00"), (2, "10:00", "12:30"),
                  (2, "14:00", "19:00"), (3, "10:00", "12:30"), (3, "14:00", "19:00"), (4, "10:00", "12:30"),
                  (4, "14:00", "19:00"), (5, "10:00", "12:30"), (5, "14:00", "19:00")],
        "siret_base": "8902736154020",
    },
    {
        "trade_name": "Boutique Fil de Garonne",
        "legal_name": "SARL Fil de Garonne",
        "sector": "pret_a_porter",
        "insee": "47157",
        "street": "21 rue Abel Boyé",
        "phone": "05 53 64 93 27",
        "description": (
            "Boutique de prêt-à-porter pour femme, homme et enfant, attachée aux marques françaises et aux "
            "matières naturelles. Retouches offertes sur les pantalons achetés en boutique."
        ),
        "hours": [(1, "10:00", "12:30"), (1, "14:30", "19:00"), (2, "10:00", "12:30"), (2, "14:30", "19:00"),
                  (3, "10:00", "12:30"), (3, "14:30", "19:00"), (4, "10:00", "12:30"), (4, "14:30", "19:00"),
                  (5, "10:00", "12:30"), (5, "14:30", "19:00")],
        "siret_base": "7450193826021",
    },
    {
        "trade_name": "Droguerie Lafargue",
        "legal_name": "EURL Droguerie Lafargue",
        "sector": "droguerie",
        "insee": "47310",
        "street": "10 rue Gambetta",
        "phone": "05 53 79 81 53",
        "description": (
            "Droguerie traditionnelle où l'on trouve savon noir, cristaux de soude, cires, pigments et "
            "brosserie. Conseils d'entretien de la maison et produits d'hygiène au naturel."
        ),
        "hours": [(0, "14:00", "18:30"), (1, "09:00", "12:00"), (1, "14:00", "18:30"), (2, "09:00", "12:00"),
                  (2, "14:00", "18:30"), (3, "09:00", "12:00"), (3, "14:00", "18:30"), (4, "09:00", "12:00"),
                  (4, "14:00", "18:30"), (5, "09:00", "12:00"), (5, "14:00", "18:30")],
        "siret_base": "6183045927022",
    },
    {
        "trade_name": "Jardinerie des Coteaux",
        "legal_name": "SAS Jardins des Coteaux",
        "sector": "jardinerie",
        "insee": "47024",
        "street": "1 route de Marmande",
        "phone": "05 53 89 70 16",
        "description": (
            "Jardinerie et pépinière de production à Beaupuy : plants potagers cultivés sur place, arbres "
            "fruitiers dont le prunier d'Ente, arbustes et outillage. L'équipe conseille chaque projet de "
            "jardin, du balcon au verger."
        ),
        "hours": [(0, "09:00", "12:30"), (0, "14:00", "19:00"), (1, "09:00", "12:30"), (1, "14:00", "19:00"),
                  (2, "09:00", "12:30"), (2, "14:00", "19:00"), (3, "09:00", "12:30"), (3, "14:00", "19:00"),
                  (4, "09:00", "12:30"), (4, "14:00", "19:00"), (5, "09:00", "12:30"), (5, "14:00", "19:00"),
                  (6, "09:30", "12:30")],
        "siret_base": "9380415627023",
    },
    {
        "trade_name": "Terre d'Ente Bio",
        "legal_name": "SCOP Terre d'Ente",
        "sector": "bio",
        "insee": "47101",
        "street": "4 route de Marmande",
        "phone": "05 53 93 52 74",
        "description": (
            "Épicerie biologique coopérative de Fourques-sur-Garonne, avec un large rayon vrac et des "
            "fruits et légumes de producteurs bio situés à moins de trente kilomètres. Apportez vos "
            "contenants."
        ),
        "hours": [(0, "14:30", "19:00"), (1, "09:00", "13:00"), (1, "14:30", "19:00"), (2, "09:00", "13:00"),
                  (2, "14:30", "19:00"), (3, "09:00", "13:00"), (3, "14:30", "19:00"), (4, "09:00", "13:00"),
                  (4, "14:30", "19:00"), (5, "09:00", "13:00"), (5, "14:30", "19:00")],
        "siret_base": "8720364195024",
    },
    {
        "trade_name": "Papeterie de la Mairie",
        "legal_name": "EURL Papeterie Soulé",
        "sector": "papeterie",
        "insee": "47233",
        "street": "5 place de la Mairie",
        "phone": "05 53 89 14 92",
        "description": (
            "Papeterie de proximité à Sainte-Bazeille pour les fournitures scolaires, le matériel de bureau "
            "et les beaux-arts. Les listes de rentrée des écoles du secteur sont préparées sur demande."
        ),
        "hours": [(0, "14:00", "18:30"), (1, "09:00", "12:15"), (1, "14:00", "18:30"), (2, "09:00", "12:15"),
                  (2, "14:00", "18:30"), (3, "09:00", "12:15"), (3, "14:00", "18:30"), (4, "09:00", "12:15"),
                  (4, "14:00", "18:30"), (5, "09:00", "12:15"), (5, "14:00", "18:30")],
        "siret_base": "5820947316025",
    },
    {
        "trade_name": "Ferme de Lagravère",
        "legal_name": "GAEC de Lagravère",
        "sector": "producteur",
        "insee": "47285",
        "street": "Lieu-dit Lagravère",
        "phone": "05 53 83 45 19",
        "description": (
            "Exploitation familiale de Samazan qui cultive pruniers d'Ente, noisetiers, fraises et tomates "
            "de plein champ, et élève canards et volailles en plein air. Tout est vendu en direct à la "
            "boutique de la ferme."
        ),
        "hours": [(2, "15:00", "19:00"), (4, "15:00", "19:00"), (5, "09:00", "12:30")],
        "siret_base": "4390812765026",
    },
]
