import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

const root = document.getElementById('root')
if (!root) throw new Error('no #root element in index.html')
createRoot(root).render(
  <StrictMode>
    <h1>Rebalancer</h1>
  </StrictMode>,
)
