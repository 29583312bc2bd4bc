"""Oscar's catalogue pages with the food information of EU regulation 1169/2011 (merchants.food_information): the
product form carries its fieldset, and neither the form nor the list's « make public » action publishes a food
product that lacks its mandatory information."""
