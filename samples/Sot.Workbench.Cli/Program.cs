Console.WriteLine("Sot.Workbench");
