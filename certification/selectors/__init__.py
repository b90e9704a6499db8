"""Every read of certification data, by concern, as `services/` holds every change. A view asks
a selector; a selector asks `permissions` which rows the person may see."""
